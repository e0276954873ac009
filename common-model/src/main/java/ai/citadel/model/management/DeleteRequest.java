package ai.citadel.model.management;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /management/models/delete}.
 *
 * @param name  the model to delete
 * @param host  the configured host to delete it on; absent: every host
 * @param force delete it even though the gateway's catalog still routes to it
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DeleteRequest(
        @NotBlank @Size(max = 512) @Pattern(regexp = ModelNamePattern.PATTERN, message = ModelNamePattern.MESSAGE)
        String name,
        String host,
        Boolean force) {

    public boolean forced() {
        return Boolean.TRUE.equals(force);
    }
}
