package ai.citadel.model.agui;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One RFC 6902 JSON Patch operation of an AG-UI {@code STATE_DELTA}, e.g.
 * {@code {"op":"replace","path":"/progress","value":0.5}}. A JSON {@code null} {@code value} is kept.
 *
 * @param op    {@code add}, {@code remove}, {@code replace}, {@code move}, {@code copy} or {@code test}
 * @param path  JSON Pointer of the target
 * @param value the value for {@code add}, {@code replace}, {@code test}
 * @param from  JSON Pointer of the source for {@code move}, {@code copy}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JsonPatchOperation(String op, String path, JsonNode value, String from) {

    public static JsonPatchOperation add(String path, JsonNode value) {
        return new JsonPatchOperation("add", path, value, null);
    }

    public static JsonPatchOperation replace(String path, JsonNode value) {
        return new JsonPatchOperation("replace", path, value, null);
    }

    public static JsonPatchOperation remove(String path) {
        return new JsonPatchOperation("remove", path, null, null);
    }
}
