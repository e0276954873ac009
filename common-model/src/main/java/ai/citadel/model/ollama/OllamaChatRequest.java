package ai.citadel.model.ollama;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import java.util.List;

/**
 * Ollama chat request, {@code POST /api/chat}.
 *
 * @param model     model name, e.g. {@code llama3.2} or {@code phi3:latest}
 * @param messages  the conversation; empty loads (or with {@code keep_alive:0} unloads) the model
 * @param tools     functions the model may call
 * @param format    {@code "json"} or a JSON schema object
 * @param options   model options
 * @param stream    {@code false} for one JSON object instead of NDJSON lines (default {@code true})
 * @param keepAlive how long the model stays loaded: a duration string ({@code "5m"}) or seconds ({@code 0})
 * @param think     {@code true}/{@code false}, or {@code "high"|"medium"|"low"} on models that take a level
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OllamaChatRequest(
        @NotBlank String model,
        @NotNull List<OllamaMessage> messages,
        List<OllamaTool> tools,
        JsonNode format,
        OllamaOptions options,
        Boolean stream,
        @JsonProperty("keep_alive") JsonNode keepAlive,
        JsonNode think) {

    public static OllamaChatRequest of(String model, List<OllamaMessage> messages, boolean stream) {
        return new OllamaChatRequest(model, messages, null, null, null, stream, null, null);
    }
}
