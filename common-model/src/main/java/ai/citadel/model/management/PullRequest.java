package ai.citadel.model.management;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /management/models/pull}.
 *
 * @param name the model, as Ollama names it ({@code phi3}, {@code phi3:latest}, {@code hf.co/org/model:Q4_K_M})
 * @param host the configured host to pull on; absent: every host
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PullRequest(
        @NotBlank @Size(max = 512) @Pattern(regexp = ModelNamePattern.PATTERN, message = ModelNamePattern.MESSAGE)
        String name,
        String host) {
}
