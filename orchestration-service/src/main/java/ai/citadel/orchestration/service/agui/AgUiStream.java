package ai.citadel.orchestration.service.agui;

import ai.citadel.model.agui.AgUiEvent;
import ai.citadel.orchestration.client.StreamListener;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Turns a model's streamed answer into AG-UI events in the order the protocol requires: the text as one message
 * ({@code TEXT_MESSAGE_START}, {@code _CONTENT}…, {@code _END}), each tool call as {@code TOOL_CALL_START},
 * {@code _ARGS}…, {@code _END}; a message or call is ended before the next begins. Synchronized: pieces arrive on an
 * event loop, the end from whoever completes the call.
 */
final class AgUiStream implements StreamListener {

    private final String messageId;
    private final Consumer<AgUiEvent> events;
    private final AtomicBoolean delivered;
    private final Map<Integer, String> toolCallIds = new HashMap<>();
    private boolean textOpen;
    private String openToolCall;

    /** @param delivered set once anything was emitted: from then on the answer cannot move to another gateway */
    AgUiStream(String messageId, Consumer<AgUiEvent> events, AtomicBoolean delivered) {
        this.messageId = messageId;
        this.events = events;
        this.delivered = delivered;
    }

    @Override
    public synchronized void content(String delta) {
        if (delta == null || delta.isEmpty()) {
            return;
        }
        endToolCall();
        if (!textOpen) {
            textOpen = true;
            emit(new AgUiEvent.TextMessageStart(messageId, "assistant", null, null));
        }
        emit(AgUiEvent.TextMessageContent.of(messageId, delta));
    }

    @Override
    public synchronized void toolCall(int index, String id, String name, String argumentsDelta) {
        String callId = toolCallIds.get(index);
        if (callId == null) {
            callId = id != null ? id : messageId + "-call-" + index;
            toolCallIds.put(index, callId);
            endText();
            endToolCall();
            openToolCall = callId;
            emit(AgUiEvent.ToolCallStart.of(callId, name, messageId));
        }
        if (argumentsDelta != null && !argumentsDelta.isEmpty()) {
            emit(AgUiEvent.ToolCallArgs.of(callId, argumentsDelta));
        }
    }

    /** Ends what is still open; the answer is complete (or broke off). */
    synchronized void end() {
        endText();
        endToolCall();
    }

    private void endText() {
        if (textOpen) {
            textOpen = false;
            emit(AgUiEvent.TextMessageEnd.of(messageId));
        }
    }

    private void endToolCall() {
        if (openToolCall != null) {
            emit(AgUiEvent.ToolCallEnd.of(openToolCall));
            openToolCall = null;
        }
    }

    private void emit(AgUiEvent event) {
        delivered.set(true);
        events.accept(event);
    }
}
