package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;

/**
 * OpenAI chat {@code response_format}: {@code {"type":"text"}}, {@code {"type":"json_object"}} or
 * {@code {"type":"json_schema","json_schema":{name, description, schema, strict}}}.
 *
 * @param type       {@code text}, {@code json_object} or {@code json_schema}
 * @param jsonSchema the schema when {@code type} is {@code json_schema}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResponseFormat(@NotBlank String type, @JsonProperty("json_schema") @Valid JsonSchema jsonSchema) {

    /**
     * @param name        schema name
     * @param description what the output is for
     * @param schema      the JSON Schema itself
     * @param strict      whether the model must follow the schema exactly
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JsonSchema(@NotBlank String name, String description, JsonNode schema, Boolean strict) {
    }

    public static ResponseFormat jsonObject() {
        return new ResponseFormat("json_object", null);
    }

    public static ResponseFormat jsonSchema(String name, JsonNode schema) {
        return new ResponseFormat("json_schema", new JsonSchema(name, null, schema, null));
    }
}
