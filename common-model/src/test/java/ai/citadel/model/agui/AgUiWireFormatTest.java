package ai.citadel.model.agui;

import ai.citadel.model.WireJson;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static ai.citadel.model.WireJson.assertSameJson;
import static ai.citadel.model.WireJson.parse;
import static ai.citadel.model.WireJson.read;
import static ai.citadel.model.WireJson.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AG-UI protocol ({@code @ag-ui/core}): {@code RunAgentInput} and every event type, camelCase on the wire. */
class AgUiWireFormatTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("agui/run-agent-input.json", RunAgentInput.class),
                Arguments.of("agui/run-agent-input-minimal.json", RunAgentInput.class),
                Arguments.of("agui/events.ndjson", AgUiEvent.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleRoundTrips(String resource, Class<?> type) {
        WireJson.assertRoundTrip(resource, type);
    }

    @Test
    void eachEventTypeSelectsItsRecord() {
        List<AgUiEvent> events = WireJson.documents("agui/events.ndjson").stream()
                .map(line -> parse(line, AgUiEvent.class)).toList();
        assertEquals(List.of("RunStarted", "RunStarted", "StepStarted", "StateSnapshot", "StateDelta",
                        "StepFinished", "TextMessageStart", "TextMessageContent", "TextMessageContent",
                        "TextMessageEnd", "TextMessageChunk", "ToolCallStart", "ToolCallArgs", "ToolCallArgs",
                        "ToolCallEnd", "ToolCallChunk", "ToolCallResult", "MessagesSnapshot", "Raw", "Custom",
                        "RunFinished", "RunError"),
                events.stream().map(event -> event.getClass().getSimpleName()).toList());

        AgUiEvent.RunStarted started = assertInstanceOf(AgUiEvent.RunStarted.class, events.getFirst());
        assertEquals("thread_abc", started.threadId());
        assertEquals(1746093600000L, started.timestamp());
        assertEquals("run_123", assertInstanceOf(AgUiEvent.RunStarted.class, events.get(1)).parentRunId());

        AgUiEvent.StateDelta delta = assertInstanceOf(AgUiEvent.StateDelta.class, events.get(4));
        assertEquals("replace", delta.delta().getFirst().op());
        assertTrue(delta.delta().get(1).value().isNull(), "a JSON null patch value is kept");
        assertNull(delta.delta().get(2).value());
        assertEquals("/a", delta.delta().get(3).from());

        AgUiEvent.ToolCallStart toolStart = assertInstanceOf(AgUiEvent.ToolCallStart.class, events.get(11));
        assertEquals("confirm_action", toolStart.toolCallName());
        assertEquals("msg_6", toolStart.parentMessageId());

        AgUiEvent.RunError error = assertInstanceOf(AgUiEvent.RunError.class, events.getLast());
        assertEquals("timeout", error.code());
        assertEquals("deadline exceeded", error.rawEvent().path("error").asText());
    }

    @Test
    void eventsAreWrittenWithTheirTypeAndNoNulls() {
        assertSameJson("{\"type\":\"RUN_STARTED\",\"threadId\":\"t\",\"runId\":\"r\"}",
                write(AgUiEvent.RunStarted.of("t", "r")), "run started");
        assertSameJson("{\"type\":\"TEXT_MESSAGE_START\",\"messageId\":\"m\",\"role\":\"assistant\"}",
                write(AgUiEvent.TextMessageStart.assistant("m")), "text start");
        assertSameJson("{\"type\":\"TEXT_MESSAGE_CONTENT\",\"messageId\":\"m\",\"delta\":\"Hi\"}",
                write(AgUiEvent.TextMessageContent.of("m", "Hi")), "text content");
        assertSameJson("{\"type\":\"TOOL_CALL_RESULT\",\"messageId\":\"m2\",\"toolCallId\":\"c\","
                        + "\"content\":\"ok\",\"role\":\"tool\"}",
                write(AgUiEvent.ToolCallResult.of("m2", "c", "ok")), "tool result");
        assertSameJson("{\"type\":\"STATE_DELTA\",\"delta\":[{\"op\":\"replace\",\"path\":\"/done\",\"value\":2},"
                        + "{\"op\":\"remove\",\"path\":\"/error\"}]}",
                write(AgUiEvent.StateDelta.of(List.of(JsonPatchOperation.replace("/done", IntNode.valueOf(2)),
                        JsonPatchOperation.remove("/error")))), "state delta");
        assertSameJson("{\"type\":\"RUN_ERROR\",\"message\":\"boom\",\"code\":\"timeout\"}",
                write(AgUiEvent.RunError.of("boom", "timeout")), "run error");
        assertSameJson("{\"type\":\"STATE_SNAPSHOT\",\"snapshot\":{}}",
                write(AgUiEvent.StateSnapshot.of(JsonNodeFactory.instance.objectNode())), "state snapshot");
    }

    @Test
    void runAgentInputMessagesKeepStringAndMultimodalContent() {
        RunAgentInput input = read("agui/run-agent-input.json", RunAgentInput.class);
        assertEquals("run_123", input.runId());
        assertEquals(12, input.state().path("documents").asInt());
        assertEquals("system", input.messages().getFirst().role());
        assertTrue(input.messages().getFirst().content().isTextual());
        assertTrue(input.messages().get(1).content().isArray());
        assertEquals("binary", input.messages().get(1).content().get(1).path("type").asText());
        AgUiMessage.ToolCall call = input.messages().get(2).toolCalls().getFirst();
        assertEquals("{\"query\":\"backup diagram\"}", call.function().arguments());
        assertEquals("call_1", input.messages().get(3).toolCallId());
        assertEquals("tool timed out", input.messages().get(4).error());
        assertEquals("Europe/Berlin", input.context().getFirst().value());
        assertEquals("confirm_action", input.tools().getFirst().name());
        assertEquals("rag", input.forwardedProps().path("agent").asText());
    }

    @Test
    void anUnknownEventTypeIsRejected() {
        assertThrows(AssertionError.class, () -> parse("{\"type\":\"NOT_AN_EVENT\"}", AgUiEvent.class));
    }
}
