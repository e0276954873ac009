package ai.citadel.gateway.client;

import ai.citadel.model.ollama.OllamaToolCall;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Reads the fields the {@link OllamaStreamDecoder} uses from an Ollama stream record, in one pass of Jackson's
 * streaming parser. A stream sends one record per token, and binding each to its wire record (OllamaChatResponse)
 * was a fifth of the gateway's Java samples under load: mostly the record's dozen absent fields, looked up one by
 * one. Fields the decoder does not use are skipped unread. A record this reader does not take as it is (an
 * {@code error}, a field of another type, text after the object) is left to the data binding, whose errors say what
 * is wrong with it.
 */
final class OllamaRecordReader {

    /** What the decoder needs of a record, whether chat ({@code message.content}) or generate ({@code response}). */
    record Output(String text, List<OllamaToolCall> toolCalls, boolean done, String doneReason,
                  Integer promptTokens, Integer completionTokens) {
    }

    private static final ObjectReader TOOL_CALLS = BackendJson.MAPPER.readerFor(
            new TypeReference<List<OllamaToolCall>>() {
            });

    private OllamaRecordReader() {
    }

    /** The record's output, or empty when it is not one this reader takes as it is. */
    static Optional<Output> read(String line) {
        try (JsonParser parser = BackendJson.MAPPER.createParser(line)) {
            Output output = record(parser);
            return output != null && parser.nextToken() == null ? Optional.of(output) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The output of the object the parser is at, or null when it is not one this reader takes. */
    private static Output record(JsonParser parser) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        String text = null;
        List<OllamaToolCall> toolCalls = null;
        boolean done = false;
        String doneReason = null;
        Integer promptTokens = null;
        Integer completionTokens = null;
        for (String field = parser.nextFieldName(); field != null; field = parser.nextFieldName()) {
            JsonToken value = parser.nextToken();
            switch (field) {
                case "message" -> {
                    if (value == JsonToken.START_OBJECT) {
                        for (String inner = parser.nextFieldName(); inner != null; inner = parser.nextFieldName()) {
                            JsonToken innerValue = parser.nextToken();
                            if (inner.equals("content")) {
                                text = textOrNull(parser, innerValue);
                            } else if (inner.equals("tool_calls")) {
                                toolCalls = innerValue == JsonToken.VALUE_NULL ? null : TOOL_CALLS.readValue(parser);
                            } else {
                                parser.skipChildren();
                            }
                        }
                    } else if (value != JsonToken.VALUE_NULL) {
                        throw unexpected(parser);
                    }
                }
                case "response" -> text = textOrNull(parser, value);
                case "done" -> done = switch (value) {
                    case VALUE_TRUE -> true;
                    case VALUE_FALSE -> false;
                    default -> throw unexpected(parser);
                };
                case "done_reason" -> doneReason = textOrNull(parser, value);
                case "prompt_eval_count" -> promptTokens = intOrNull(parser, value);
                case "eval_count" -> completionTokens = intOrNull(parser, value);
                case "error" -> throw unexpected(parser);
                default -> parser.skipChildren();
            }
        }
        return new Output(text, toolCalls, done, doneReason, promptTokens, completionTokens);
    }

    private static String textOrNull(JsonParser parser, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_STRING -> parser.getText();
            case VALUE_NULL -> null;
            default -> throw unexpected(parser);
        };
    }

    private static Integer intOrNull(JsonParser parser, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_NUMBER_INT -> parser.getIntValue();
            case VALUE_NULL -> null;
            default -> throw unexpected(parser);
        };
    }

    private static IOException unexpected(JsonParser parser) throws IOException {
        return new IOException("not taken as it is at " + parser.currentName());
    }
}
