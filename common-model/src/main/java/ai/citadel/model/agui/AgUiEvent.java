package ai.citadel.model.agui;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import java.util.List;

/**
 * An AG-UI protocol event, sent as SSE {@code data:} by {@code POST /api/v1/agui}; the JSON property {@code type}
 * ({@code RUN_STARTED}, {@code TEXT_MESSAGE_CONTENT} …) selects the record. Every event may carry {@code timestamp}
 * (epoch milliseconds) and {@code rawEvent} (the upstream event it was made from). Field names follow
 * {@code @ag-ui/core}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = AgUiEvent.RunStarted.class, name = "RUN_STARTED"),
        @JsonSubTypes.Type(value = AgUiEvent.RunFinished.class, name = "RUN_FINISHED"),
        @JsonSubTypes.Type(value = AgUiEvent.RunError.class, name = "RUN_ERROR"),
        @JsonSubTypes.Type(value = AgUiEvent.StepStarted.class, name = "STEP_STARTED"),
        @JsonSubTypes.Type(value = AgUiEvent.StepFinished.class, name = "STEP_FINISHED"),
        @JsonSubTypes.Type(value = AgUiEvent.TextMessageStart.class, name = "TEXT_MESSAGE_START"),
        @JsonSubTypes.Type(value = AgUiEvent.TextMessageContent.class, name = "TEXT_MESSAGE_CONTENT"),
        @JsonSubTypes.Type(value = AgUiEvent.TextMessageEnd.class, name = "TEXT_MESSAGE_END"),
        @JsonSubTypes.Type(value = AgUiEvent.TextMessageChunk.class, name = "TEXT_MESSAGE_CHUNK"),
        @JsonSubTypes.Type(value = AgUiEvent.ToolCallStart.class, name = "TOOL_CALL_START"),
        @JsonSubTypes.Type(value = AgUiEvent.ToolCallArgs.class, name = "TOOL_CALL_ARGS"),
        @JsonSubTypes.Type(value = AgUiEvent.ToolCallEnd.class, name = "TOOL_CALL_END"),
        @JsonSubTypes.Type(value = AgUiEvent.ToolCallChunk.class, name = "TOOL_CALL_CHUNK"),
        @JsonSubTypes.Type(value = AgUiEvent.ToolCallResult.class, name = "TOOL_CALL_RESULT"),
        @JsonSubTypes.Type(value = AgUiEvent.StateSnapshot.class, name = "STATE_SNAPSHOT"),
        @JsonSubTypes.Type(value = AgUiEvent.StateDelta.class, name = "STATE_DELTA"),
        @JsonSubTypes.Type(value = AgUiEvent.MessagesSnapshot.class, name = "MESSAGES_SNAPSHOT"),
        @JsonSubTypes.Type(value = AgUiEvent.Raw.class, name = "RAW"),
        @JsonSubTypes.Type(value = AgUiEvent.Custom.class, name = "CUSTOM"),
})
public sealed interface AgUiEvent {

    /** When the event was created, epoch milliseconds; optional. */
    Long timestamp();

    /** The upstream event this one was translated from; optional. */
    JsonNode rawEvent();

    /**
     * {@code RUN_STARTED}: first event of a run.
     *
     * @param threadId    conversation thread
     * @param runId       this run
     * @param parentRunId the run this one continues, if any
     * @param input       the run's input, echoed, if the agent chooses to
     * @param timestamp   epoch milliseconds
     * @param rawEvent    upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RunStarted(@NotBlank String threadId, @NotBlank String runId, String parentRunId, RunAgentInput input,
                      Long timestamp, JsonNode rawEvent) implements AgUiEvent {

        public static RunStarted of(String threadId, String runId) {
            return new RunStarted(threadId, runId, null, null, null, null);
        }
    }

    /**
     * {@code RUN_FINISHED}: last event of a successful run.
     *
     * @param threadId  conversation thread
     * @param runId     this run
     * @param result    the run's result, if any (any JSON)
     * @param timestamp epoch milliseconds
     * @param rawEvent  upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RunFinished(@NotBlank String threadId, @NotBlank String runId, JsonNode result,
                       Long timestamp, JsonNode rawEvent) implements AgUiEvent {

        public static RunFinished of(String threadId, String runId) {
            return new RunFinished(threadId, runId, null, null, null);
        }
    }

    /**
     * {@code RUN_ERROR}: last event of a failed run.
     *
     * @param message   what went wrong
     * @param code      machine-readable code, if any
     * @param timestamp epoch milliseconds
     * @param rawEvent  upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RunError(@NotBlank String message, String code, Long timestamp, JsonNode rawEvent) implements AgUiEvent {

        public static RunError of(String message, String code) {
            return new RunError(message, code, null, null);
        }
    }

    /**
     * {@code STEP_STARTED}: a step of the run (a workflow step, a model call) begins.
     *
     * @param stepName  step name
     * @param timestamp epoch milliseconds
     * @param rawEvent  upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StepStarted(@NotBlank String stepName, Long timestamp, JsonNode rawEvent) implements AgUiEvent {

        public static StepStarted of(String stepName) {
            return new StepStarted(stepName, null, null);
        }
    }

    /**
     * {@code STEP_FINISHED}: the step of the same name ends.
     *
     * @param stepName  step name
     * @param timestamp epoch milliseconds
     * @param rawEvent  upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StepFinished(@NotBlank String stepName, Long timestamp, JsonNode rawEvent) implements AgUiEvent {

        public static StepFinished of(String stepName) {
            return new StepFinished(stepName, null, null);
        }
    }

    /**
     * {@code TEXT_MESSAGE_START}: a streamed text message begins.
     *
     * @param messageId message id, repeated by its content and end events
     * @param role      {@code assistant} (protocol default), {@code user}, {@code system} or {@code developer}
     * @param timestamp epoch milliseconds
     * @param rawEvent  upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TextMessageStart(@NotBlank String messageId, String role, Long timestamp, JsonNode rawEvent)
            implements AgUiEvent {

        public static TextMessageStart assistant(String messageId) {
            return new TextMessageStart(messageId, "assistant", null, null);
        }
    }

    /**
     * {@code TEXT_MESSAGE_CONTENT}: the next piece of a text message.
     *
     * @param messageId the message
     * @param delta     text to append; never empty
     * @param timestamp epoch milliseconds
     * @param rawEvent  upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TextMessageContent(@NotBlank String messageId, @NotEmpty String delta, Long timestamp, JsonNode rawEvent)
            implements AgUiEvent {

        public static TextMessageContent of(String messageId, String delta) {
            return new TextMessageContent(messageId, delta, null, null);
        }
    }

    /**
     * {@code TEXT_MESSAGE_END}: the text message is complete.
     *
     * @param messageId the message
     * @param timestamp epoch milliseconds
     * @param rawEvent  upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TextMessageEnd(@NotBlank String messageId, Long timestamp, JsonNode rawEvent) implements AgUiEvent {

        public static TextMessageEnd of(String messageId) {
            return new TextMessageEnd(messageId, null, null);
        }
    }

    /**
     * {@code TEXT_MESSAGE_CHUNK}: convenience form that clients expand into start/content/end.
     *
     * @param messageId the message (required on the first chunk)
     * @param role      the role, first chunk
     * @param delta     text to append
     * @param timestamp epoch milliseconds
     * @param rawEvent  upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TextMessageChunk(String messageId, String role, String delta, Long timestamp, JsonNode rawEvent)
            implements AgUiEvent {
    }

    /**
     * {@code TOOL_CALL_START}: the agent begins a tool call.
     *
     * @param toolCallId      call id, repeated by its args, end and result events
     * @param toolCallName    tool name
     * @param parentMessageId the assistant message the call belongs to, if any
     * @param timestamp       epoch milliseconds
     * @param rawEvent        upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ToolCallStart(@NotBlank String toolCallId, @NotBlank String toolCallName, String parentMessageId,
                         Long timestamp, JsonNode rawEvent) implements AgUiEvent {

        public static ToolCallStart of(String toolCallId, String toolCallName, String parentMessageId) {
            return new ToolCallStart(toolCallId, toolCallName, parentMessageId, null, null);
        }
    }

    /**
     * {@code TOOL_CALL_ARGS}: the next piece of the call's JSON-encoded arguments.
     *
     * @param toolCallId the call
     * @param delta      argument text to append
     * @param timestamp  epoch milliseconds
     * @param rawEvent   upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ToolCallArgs(@NotBlank String toolCallId, String delta, Long timestamp, JsonNode rawEvent)
            implements AgUiEvent {

        public static ToolCallArgs of(String toolCallId, String delta) {
            return new ToolCallArgs(toolCallId, delta, null, null);
        }
    }

    /**
     * {@code TOOL_CALL_END}: the call's arguments are complete.
     *
     * @param toolCallId the call
     * @param timestamp  epoch milliseconds
     * @param rawEvent   upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ToolCallEnd(@NotBlank String toolCallId, Long timestamp, JsonNode rawEvent) implements AgUiEvent {

        public static ToolCallEnd of(String toolCallId) {
            return new ToolCallEnd(toolCallId, null, null);
        }
    }

    /**
     * {@code TOOL_CALL_CHUNK}: convenience form that clients expand into start/args/end.
     *
     * @param toolCallId      the call (required on the first chunk)
     * @param toolCallName    tool name, first chunk
     * @param parentMessageId the assistant message, if any
     * @param delta           argument text to append
     * @param timestamp       epoch milliseconds
     * @param rawEvent        upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ToolCallChunk(String toolCallId, String toolCallName, String parentMessageId, String delta,
                         Long timestamp, JsonNode rawEvent) implements AgUiEvent {
    }

    /**
     * {@code TOOL_CALL_RESULT}: the result of a tool call, as a {@code tool} message.
     *
     * @param messageId  id of the tool message carrying the result
     * @param toolCallId the call it answers
     * @param content    the result text
     * @param role       {@code tool}, optional
     * @param timestamp  epoch milliseconds
     * @param rawEvent   upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ToolCallResult(@NotBlank String messageId, @NotBlank String toolCallId, String content, String role,
                          Long timestamp, JsonNode rawEvent) implements AgUiEvent {

        public static ToolCallResult of(String messageId, String toolCallId, String content) {
            return new ToolCallResult(messageId, toolCallId, content, "tool", null, null);
        }
    }

    /**
     * {@code STATE_SNAPSHOT}: the complete shared state.
     *
     * @param snapshot  the state (any JSON)
     * @param timestamp epoch milliseconds
     * @param rawEvent  upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StateSnapshot(JsonNode snapshot, Long timestamp, JsonNode rawEvent) implements AgUiEvent {

        public static StateSnapshot of(JsonNode snapshot) {
            return new StateSnapshot(snapshot, null, null);
        }
    }

    /**
     * {@code STATE_DELTA}: changes to the shared state as a JSON Patch (RFC 6902).
     *
     * @param delta     the patch operations, applied in order
     * @param timestamp epoch milliseconds
     * @param rawEvent  upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StateDelta(List<JsonPatchOperation> delta, Long timestamp, JsonNode rawEvent) implements AgUiEvent {

        public static StateDelta of(List<JsonPatchOperation> delta) {
            return new StateDelta(delta, null, null);
        }
    }

    /**
     * {@code MESSAGES_SNAPSHOT}: the complete conversation.
     *
     * @param messages  every message
     * @param timestamp epoch milliseconds
     * @param rawEvent  upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record MessagesSnapshot(List<AgUiMessage> messages, Long timestamp, JsonNode rawEvent) implements AgUiEvent {

        public static MessagesSnapshot of(List<AgUiMessage> messages) {
            return new MessagesSnapshot(messages, null, null);
        }
    }

    /**
     * {@code RAW}: an upstream event passed through untranslated.
     *
     * @param event     the upstream event (any JSON)
     * @param source    where it came from
     * @param timestamp epoch milliseconds
     * @param rawEvent  upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Raw(JsonNode event, String source, Long timestamp, JsonNode rawEvent) implements AgUiEvent {
    }

    /**
     * {@code CUSTOM}: an application-defined event.
     *
     * @param name      event name
     * @param value     its payload (any JSON)
     * @param timestamp epoch milliseconds
     * @param rawEvent  upstream event
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Custom(@NotBlank String name, JsonNode value, Long timestamp, JsonNode rawEvent) implements AgUiEvent {

        public static Custom of(String name, JsonNode value) {
            return new Custom(name, value, null, null);
        }
    }
}
