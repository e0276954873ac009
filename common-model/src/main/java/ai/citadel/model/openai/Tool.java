package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * A tool offered to the model in an OpenAI chat request: {@code {"type":"function","function":{name, description,
 * parameters}}}.
 *
 * @param type     always {@code function}
 * @param function the function definition
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Tool(@NotBlank String type, @NotNull @Valid Function function) {

    /**
     * @param name        function name the model calls
     * @param description what it does, for the model
     * @param parameters  JSON Schema of its arguments
     * @param strict      whether the arguments must follow the schema exactly
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Function(@NotBlank String name, String description, JsonNode parameters, Boolean strict) {
    }

    public static Tool function(String name, String description, JsonNode parameters) {
        return new Tool("function", new Function(name, description, parameters, null));
    }
}
