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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiStreamDecodingTest {

    private static String chatChunk(String choices) {
        return "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1760433123,"
                + "\"model\":\"mixtral\",\"choices\":" + choices + "}";
    }

    private static String contentChunk(String content, String finishReason) {
        String reason = finishReason == null ? "null" : "\"" + finishReason + "\"";
        return chatChunk("[{\"index\":0,\"delta\":{\"content\":\"" + content + "\"},\"logprobs\":null,"
                + "\"finish_reason\":" + reason + "}]");
    }

    @Test
    void aChatStreamDecodesToItsTokensThenFinishedWithTheUsageChunksCounts() {
        List<GenerationEvent> events = decodeAll(OpenAiTranslation.chatDecoder(), lines("openai-chat-stream.sse"));

        assertEquals(List.of(
                new Token("Hello"), new Token(" there"), new Token("!"),
                new Finished("stop", 12, 3)), events);
    }

    @Test
    void aStreamedToolCallDecodesToItsFragmentsAsTheyCame() {
        List<GenerationEvent> events = decodeAll(OpenAiTranslation.chatDecoder(),
                lines("openai-chat-tool-call.sse"));

        assertEquals(List.of(
                new ToolCallFragment(0, "chatcmpl-tool-5e1b9c", "get_weather", ""),
                new ToolCallFragment(0, null, null, "{\"location\": "),
                new ToolCallFragment(0, null, null, "\"Paris\"}"),
                new ToolCallFragment(1, "chatcmpl-tool-77a0d4", "get_time", "{}"),
                new Finished("tool_calls", 187, 24)), events);
    }

    @Test
    void anErrorEventFailsWithItsMessageAfterTheTokensBeforeIt() {
        Decoded decoded = decode(OpenAiTranslation.chatDecoder(), lines("openai-chat-error.sse"));

        assertEquals(List.of(new Token("Once")), decoded.events());
        assertEquals("The engine is dead: CUDA error: out of memory", decoded.failure().getMessage());
    }

    @Test
    void aCompletionsStreamDecodesItsTextsThenFinished() {
        List<GenerationEvent> events = decodeAll(OpenAiTranslation.completionDecoder(),
                lines("openai-completion-stream.sse"));

        assertEquals(List.of(
                new Token(" blue"), new Token(" because"), new Token(" of"),
                new Finished("length", 5, 3)), events);
    }

    @Test
    void sseLinesOtherThanDataAreIgnoredAndDataNeedsNoSpace() {
        List<GenerationEvent> events = decodeAll(OpenAiTranslation.chatDecoder(), List.of(
                ": ping",
                "event: message",
                "id: 17",
                "retry: 3000",
                "",
                "data:" + contentChunk("Hi", null).substring("data: ".length()),
                contentChunk("!", "stop") + "\r",
                "data:",
                "data:[DONE]"));

        assertEquals(List.of(new Token("Hi"), new Token("!"), new Finished("stop", null, null)), events);
    }

    @Test
    void aStreamWithoutDoneButWithAFinishReasonFinishesAtTheEnd() {
        StreamDecoder decoder = OpenAiTranslation.chatDecoder();

        assertEquals(List.of(new Token("Hi")), decoder.decode(contentChunk("Hi", "length")));
        assertEquals(List.of(new Finished("length", null, null)), decoder.end());
    }

    @Test
    void aStreamEndingWithoutDoneOrFinishReasonFails() {
        StreamDecoder decoder = OpenAiTranslation.chatDecoder();
        decoder.decode(contentChunk("Hi", null));

        BackendStreamException failure = assertThrows(BackendStreamException.class, decoder::end);
        assertEquals("OpenAI-compatible stream ended before [DONE]", failure.getMessage());
    }

    @Test
    void doneWithoutFinishReasonOrUsageFinishesAsStopWithoutCounts() {
        StreamDecoder decoder = OpenAiTranslation.chatDecoder();

        assertEquals(List.of(new Finished("stop", null, null)), decoder.decode("data: [DONE]"));
        assertEquals(List.of(), decoder.decode(contentChunk("late", null)));
        assertEquals(List.of(), decoder.end());
    }

    @Test
    void onlyChoiceZeroIsRead() {
        List<GenerationEvent> events = OpenAiTranslation.chatDecoder().decode(chatChunk("""
                [{"index":1,"delta":{"content":"other"},"finish_reason":null},\
                {"index":0,"delta":{"content":"mine"},"finish_reason":null}]"""));

        assertEquals(List.of(new Token("mine")), events);
    }

    @Test
    void aFinishChunkWithoutDeltaStillCountsAndEmptyContentIsNoToken() {
        StreamDecoder decoder = OpenAiTranslation.chatDecoder();

        assertEquals(List.of(), decoder.decode(contentChunk("", null)));
        assertEquals(List.of(), decoder.decode(chatChunk("[{\"index\":0,\"finish_reason\":\"content_filter\"}]")));
        assertEquals(List.of(new Finished("content_filter", null, null)), decoder.end());
    }

    @Test
    void unparseableDataAndPlainStringErrorsFailTheStream() {
        StreamDecoder decoder = OpenAiTranslation.chatDecoder();

        BackendStreamException notJson = assertThrows(BackendStreamException.class,
                () -> decoder.decode("data: {\"id\":\"chatcmpl-1\",\"choices\":[{"));
        assertTrue(notJson.getMessage().startsWith("OpenAI-compatible backend sent a stream record that is not JSON"),
                notJson.getMessage());
        BackendStreamException plainError = assertThrows(BackendStreamException.class,
                () -> decoder.decode("data: {\"error\":\"upstream overloaded\"}"));
        assertEquals("upstream overloaded", plainError.getMessage());
    }
}
