package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One NDJSON progress line of Ollama {@code POST /api/pull} (also {@code /api/push}, {@code /api/create}), e.g.
 * {@code {"status":"pulling manifest"}} … {@code {"status":"success"}}.
 *
 * @param status    what is happening
 * @param digest    the layer being downloaded, if any
 * @param total     bytes of that layer
 * @param completed bytes downloaded so far (absent until the first bytes arrive)
 * @param error     set instead of {@code status} on the record that ends a stream which failed after it started
 *                  ({@code {"error":"…"}})
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OllamaProgress(String status, String digest, Long total, Long completed, String error) {

    public static OllamaProgress status(String status) {
        return new OllamaProgress(status, null, null, null, null);
    }
}
