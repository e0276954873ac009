package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * OpenAI {@code stream_options} of a streaming chat or completions request.
 *
 * @param includeUsage send one more chunk before {@code [DONE]} with {@code usage} and empty {@code choices}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamOptions(@JsonProperty("include_usage") Boolean includeUsage) {

    public static StreamOptions withUsage() {
        return new StreamOptions(true);
    }
}
