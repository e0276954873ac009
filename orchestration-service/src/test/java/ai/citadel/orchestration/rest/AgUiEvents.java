package ai.citadel.orchestration.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The AG-UI events of a run's SSE body, read as an AG-UI client reads them ({@code data:} lines of JSON), and checked
 * against the protocol's ordering rules: the run starts first and ends with {@code RUN_FINISHED} or {@code RUN_ERROR}
 * and nothing after; a message's content and a tool call's arguments come between its start and its end; a step
 * finishes only after it started.
 */
record AgUiEvents(List<JsonNode> events) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static AgUiEvents parse(String sseBody) {
        List<JsonNode> events = new ArrayList<>();
        for (String line : sseBody.split("\n")) {
            if (line.startsWith("data:")) {
                try {
                    events.add(JSON.readTree(line.substring("data:".length()).trim()));
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
            } else if (!line.isBlank() && !line.startsWith(":")) {
                fail("an AG-UI stream carries only data lines and comments, found: " + line);
            }
        }
        return new AgUiEvents(events).checkOrdering();
    }

    List<String> types() {
        return events.stream().map(event -> event.path("type").asText()).toList();
    }

    /** The types with the repeated ones collapsed: {@code TEXT_MESSAGE_CONTENT} once however many deltas came. */
    List<String> shape() {
        List<String> shape = new ArrayList<>();
        for (String type : types()) {
            if (shape.isEmpty() || !shape.getLast().equals(type)) {
                shape.add(type);
            }
        }
        return shape;
    }

    List<JsonNode> ofType(String type) {
        return events.stream().filter(event -> event.path("type").asText().equals(type)).toList();
    }

    JsonNode first(String type) {
        return ofType(type).stream().findFirst().orElseThrow(() -> new AssertionError("no " + type + " in " + types()));
    }

    JsonNode last() {
        return events.getLast();
    }

    /** The text of all {@code TEXT_MESSAGE_CONTENT} deltas. */
    String text() {
        return ofType("TEXT_MESSAGE_CONTENT").stream().map(event -> event.path("delta").asText())
                .collect(Collectors.joining());
    }

    /** The arguments of all {@code TOOL_CALL_ARGS} deltas. */
    String toolCallArguments() {
        return ofType("TOOL_CALL_ARGS").stream().map(event -> event.path("delta").asText())
                .collect(Collectors.joining());
    }

    private AgUiEvents checkOrdering() {
        assertFalse(events.isEmpty(), "the run sent no event");
        assertEquals("RUN_STARTED", types().getFirst(), "a run starts with RUN_STARTED: " + types());
        Set<String> openMessages = new HashSet<>();
        Set<String> openCalls = new HashSet<>();
        Set<String> openSteps = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            JsonNode event = events.get(i);
            String type = event.path("type").asText();
            if ((type.equals("RUN_FINISHED") || type.equals("RUN_ERROR")) && i != events.size() - 1) {
                fail(type + " must be the last event: " + types());
            }
            switch (type) {
                case "TEXT_MESSAGE_START" -> assertTrue(openMessages.add(event.path("messageId").asText()));
                case "TEXT_MESSAGE_CONTENT" -> assertTrue(openMessages.contains(event.path("messageId").asText()),
                        "content of a message not started: " + types());
                case "TEXT_MESSAGE_END" -> assertTrue(openMessages.remove(event.path("messageId").asText()));
                case "TOOL_CALL_START" -> assertTrue(openCalls.add(event.path("toolCallId").asText()));
                case "TOOL_CALL_ARGS" -> assertTrue(openCalls.contains(event.path("toolCallId").asText()),
                        "arguments of a call not started: " + types());
                case "TOOL_CALL_END" -> assertTrue(openCalls.remove(event.path("toolCallId").asText()));
                case "STEP_STARTED" -> assertTrue(openSteps.add(event.path("stepName").asText()));
                case "STEP_FINISHED" -> assertTrue(openSteps.remove(event.path("stepName").asText()),
                        "a step finished that had not started: " + types());
                case "RUN_STARTED" -> assertEquals(0, i, "one RUN_STARTED, first");
                default -> assertNotNull(type);
            }
        }
        String end = types().getLast();
        assertTrue(end.equals("RUN_FINISHED") || end.equals("RUN_ERROR"), "a run ends with RUN_FINISHED or "
                + "RUN_ERROR: " + types());
        if (end.equals("RUN_FINISHED")) {
            assertTrue(openMessages.isEmpty() && openCalls.isEmpty() && openSteps.isEmpty(),
                    "everything started ends before the run finishes: " + types());
        }
        return this;
    }
}
