package ai.citadel.orchestration.client;

import ai.citadel.model.openai.ChatCompletion;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StreamedCompletionTest {

    private final List<String> deltas = new ArrayList<>();
    private final StreamedCompletion stream = new StreamedCompletion(new ObjectMapper(), deltas::add);

    @Test
    void theChunksAmountToOneCompletion() {
        stream.accept("""
                {"id":"c1","object":"chat.completion.chunk","created":7,"model":"phi3:latest",
                 "choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}""");
        stream.accept("""
                {"id":"c1","created":7,"model":"phi3:latest","choices":[{"index":0,"delta":{"content":"Hello"}}]}""");
        stream.accept("""
                {"id":"c1","created":7,"model":"phi3:latest","choices":[{"index":0,"delta":{"content":" world"}}]}""");
        stream.accept("""
                {"id":"c1","created":7,"model":"phi3:latest","choices":[{"index":0,"delta":{},"finish_reason":"length"}]}""");
        stream.accept("""
                {"id":"c1","created":7,"model":"phi3:latest","choices":[],
                 "usage":{"prompt_tokens":3,"completion_tokens":2,"total_tokens":5}}""");
        stream.accept("[DONE]");

        ChatCompletion completion = stream.completion();

        assertEquals(List.of("Hello", " world"), deltas, "empty deltas are not handed on");
        assertEquals("Hello world", completion.choices().getFirst().message().content());
        assertEquals("length", completion.choices().getFirst().finishReason());
        assertEquals("phi3:latest", completion.model());
        assertEquals("c1", completion.id());
        assertEquals(5, completion.usage().totalTokens());
    }

    @Test
    void toolCallPiecesAreHandedOnAndPutTogether() {
        List<String> pieces = new ArrayList<>();
        StreamedCompletion calls = new StreamedCompletion(new ObjectMapper(), new StreamListener() {
            @Override
            public void content(String delta) {
                pieces.add("text " + delta);
            }

            @Override
            public void toolCall(int index, String id, String name, String argumentsDelta) {
                pieces.add(index + " " + id + " " + name + " " + argumentsDelta);
            }
        });
        calls.accept("""
                {"id":"c2","model":"m","choices":[{"index":0,"delta":{"role":"assistant","tool_calls":[
                 {"index":0,"id":"call_1","type":"function","function":{"name":"get_weather","arguments":""}}]}}]}""");
        calls.accept("""
                {"id":"c2","model":"m","choices":[{"index":0,"delta":{"tool_calls":[
                 {"index":0,"function":{"arguments":"{\\"city\\":"}}]}}]}""");
        calls.accept("""
                {"id":"c2","model":"m","choices":[{"index":0,"delta":{"tool_calls":[
                 {"index":0,"function":{"arguments":"\\"Oslo\\"}"}}]},"finish_reason":"tool_calls"}]}""");
        calls.accept("[DONE]");

        ChatCompletion completion = calls.completion();

        assertEquals(List.of("0 call_1 get_weather ", "0 null null {\"city\":", "0 null null \"Oslo\"}"), pieces);
        var call = completion.choices().getFirst().message().toolCalls().getFirst();
        assertEquals("call_1", call.id());
        assertEquals("get_weather", call.function().name());
        assertEquals("{\"city\":\"Oslo\"}", call.function().arguments());
        assertEquals("tool_calls", completion.choices().getFirst().finishReason());
    }

    @Test
    void anErrorEventBreaksTheStream() {
        stream.accept("""
                {"id":"c1","model":"m","choices":[{"index":0,"delta":{"content":"Hel"}}]}""");

        StreamBrokenException broken = assertThrows(StreamBrokenException.class, () -> stream.accept("""
                {"error":{"message":"backend llm-02 stopped","type":"server_error"}}"""));

        assertEquals("the stream reported an error: backend llm-02 stopped", broken.getMessage());
        assertEquals(List.of("Hel"), deltas);
    }

    @Test
    void aStreamWithoutDoneIsBroken() {
        stream.accept("""
                {"id":"c1","model":"m","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":"stop"}]}""");

        assertEquals("the stream ended before [DONE]",
                assertThrows(StreamBrokenException.class, stream::completion).getMessage());
    }

    @Test
    void anUnreadableEventBreaksTheStream() {
        assertThrows(StreamBrokenException.class, () -> stream.accept("{not json"));
        assertThrows(StreamBrokenException.class, () -> stream.accept("""
                {"choices":"not a list"}"""));
    }
}
