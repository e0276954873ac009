package ai.citadel.gateway.client;

import ai.citadel.gateway.client.TranslationFixtures.Decoded;
import ai.citadel.gateway.domain.GenerationEvent;
import ai.citadel.gateway.domain.GenerationEvent.Finished;
import ai.citadel.gateway.domain.GenerationEvent.Token;
import ai.citadel.gateway.domain.GenerationEvent.ToolCallFragment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static ai.citadel.gateway.client.TranslationFixtures.decode;
import static ai.citadel.gateway.client.TranslationFixtures.decodeAll;
import static ai.citadel.gateway.client.TranslationFixtures.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OllamaStreamDecodingTest {

    private static final String DONE_STOP = """
            {"model":"phi3","created_at":"2025-10-14T09:00:00Z","message":{"role":"assistant","content":""},\
            "done":true,"done_reason":"%s","prompt_eval_count":5,"eval_count":9}""";

    @Test
    void aChatStreamDecodesToItsTokensThenFinishedWithUsageSkippingThinkingAndBlankLines() {
        List<GenerationEvent> events = decodeAll(OllamaTranslation.chatDecoder(), lines("ollama-chat-stream.ndjson"));

        assertEquals(List.of(
                new Token("The"), new Token(" sky"), new Token(" is"), new Token(" blue."),
                new Finished("stop", 26, 6)), events);
    }

    @Test
    void toolCallsBecomeWholeFragmentsNumberedAcrossTheStreamAndFinishAsToolCalls() {
        List<GenerationEvent> events = decodeAll(OllamaTranslation.chatDecoder(),
                lines("ollama-chat-tool-calls.ndjson"));

        assertEquals(3, events.size());
        assertEquals(new ToolCallFragment(0, "call_k3f9x2mq", "get_current_weather",
                "{\"location\":\"Toronto\",\"format\":\"celsius\"}"), events.get(0));
        ToolCallFragment second = (ToolCallFragment) events.get(1);
        assertEquals(1, second.index());
        assertEquals("get_time", second.name());
        assertEquals("{\"timezone\":\"America/Toronto\",\"precise\":true,\"offset\":-4.5,\"tags\":[]}",
                second.arguments());
        assertTrue(second.id().matches("call_[0-9a-f]{24}"), second.id());
        assertEquals(new Finished("tool_calls", 213, 41), events.get(2));
    }

    @Test
    void generatedCallIdsDifferBetweenStreams() {
        String call = """
                {"model":"m","created_at":"t","message":{"role":"assistant","content":"",\
                "tool_calls":[{"function":{"name":"get_time","arguments":{}}}]},"done":false}""";

        ToolCallFragment first = (ToolCallFragment) OllamaTranslation.chatDecoder().decode(call).getFirst();
        ToolCallFragment second = (ToolCallFragment) OllamaTranslation.chatDecoder().decode(call).getFirst();

        assertEquals("{}", first.arguments());
        assertNotEquals(first.id(), second.id());
    }

    @Test
    void aMidStreamErrorLineFailsWithOllamasMessageAfterTheTokensBeforeIt() {
        Decoded decoded = decode(OllamaTranslation.chatDecoder(), lines("ollama-chat-error.ndjson"));

        assertEquals(List.of(new Token("Once"), new Token(" upon")), decoded.events());
        assertEquals("an error was encountered while running the model: unexpected EOF",
                decoded.failure().getMessage());
    }

    @Test
    void aStreamCutBeforeItsDoneRecordFailsAtTheEnd() {
        Decoded decoded = decode(OllamaTranslation.chatDecoder(), lines("ollama-chat-cut.ndjson"));

        assertEquals(List.of(new Token("Hello"), new Token(" there")), decoded.events());
        assertEquals("Ollama stream ended before done", decoded.failure().getMessage());
    }

    @Test
    void doneReasonsMapToOpenAiFinishReasons() {
        assertEquals(new Finished("length", 5, 9), finishedOf("length"));
        assertEquals(new Finished("stop", 5, 9), finishedOf("stop"));
        assertEquals(new Finished("stop", 5, 9), finishedOf("load"));
        assertEquals(new Finished("stop", 5, 9), finishedOf("unload"));
        assertEquals(new Finished("stop", 5, 9), finishedOf("something_new"));
    }

    private static GenerationEvent finishedOf(String doneReason) {
        return OllamaTranslation.chatDecoder().decode(DONE_STOP.formatted(doneReason)).getFirst();
    }

    @Test
    void aDoneRecordWithoutCountsFinishesWithoutUsage() {
        List<GenerationEvent> events = OllamaTranslation.chatDecoder().decode("""
                {"model":"m","created_at":"t","message":{"role":"assistant","content":""},"done":true}""");

        assertEquals(List.of(new Finished("stop", null, null)), events);
    }

    @Test
    void aLineThatIsNotAJsonObjectFailsTheStream() {
        StreamDecoder decoder = OllamaTranslation.chatDecoder();

        BackendStreamException notJson = assertThrows(BackendStreamException.class,
                () -> decoder.decode("{\"model\":\"m\",\"message\":{\"content\":\"cut"));
        assertTrue(notJson.getMessage().startsWith("Ollama sent a stream record that is not JSON"),
                notJson.getMessage());
        assertThrows(BackendStreamException.class, () -> decoder.decode("[1, 2]"));
        assertThrows(BackendStreamException.class, () -> decoder.decode("{\"done\":false}{\"done\":true}"));
        assertThrows(BackendStreamException.class, () -> decoder.decode("{\"done\":\"maybe\"}"));
    }

    @Test
    void aGenerateStreamDecodesItsResponsesThenFinished() {
        List<GenerationEvent> events = decodeAll(OllamaTranslation.generateDecoder(),
                lines("ollama-generate-stream.ndjson"));

        assertEquals(List.of(
                new Token(" blue"), new Token(" because"), new Token(" of"),
                new Finished("length", 8, 3)), events);
    }

    @Test
    void aGenerateErrorLineFailsTheStream() {
        StreamDecoder decoder = OllamaTranslation.generateDecoder();
        decoder.decode("{\"model\":\"m\",\"created_at\":\"t\",\"response\":\"Hi\",\"done\":false}");

        BackendStreamException failure = assertThrows(BackendStreamException.class,
                () -> decoder.decode("{\"error\":\"model runner has unexpectedly stopped\"}"));
        assertEquals("model runner has unexpectedly stopped", failure.getMessage());
    }

    @Test
    void anErrorAnywhereInARecordFailsTheStreamAndOtherUnknownFieldsAreSkipped() {
        StreamDecoder decoder = OllamaTranslation.chatDecoder();
        assertEquals(List.of(new Token("Hi")), decoder.decode("""
                {"model":"m","extra":{"nested":[1,{"error":"not this one"}]},"message":{"content":"Hi"},"done":false}"""));

        BackendStreamException failure = assertThrows(BackendStreamException.class, () -> decoder.decode("""
                {"model":"m","message":{"content":""},"\\u0065rror":"out of memory","done":false}"""));
        assertEquals("out of memory", failure.getMessage());
        assertEquals(List.of(), OllamaTranslation.chatDecoder().decode("""
                {"model":"m","error":null,"message":{"content":""},"done":false}"""));
    }
}
