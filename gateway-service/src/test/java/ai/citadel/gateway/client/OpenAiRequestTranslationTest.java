package ai.citadel.gateway.client;

import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.CompletionRequest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static ai.citadel.gateway.client.TranslationFixtures.assertBadRequest;
import static ai.citadel.gateway.client.TranslationFixtures.assertWireJson;
import static ai.citadel.gateway.client.TranslationFixtures.parse;

class OpenAiRequestTranslationTest {

    @Test
    void aChatRequestPassesThroughWithTheBackendModelStreamingWithUsageWithoutVendorFields() {
        ChatCompletionRequest request = parse("""
                {"model": "mixtral", "stream": false, "stream_options": {"include_usage": false},
                 "messages": [
                   {"role": "developer", "content": "Be brief."},
                   {"role": "user", "content": [{"type": "text", "text": "What is this?"},
                     {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=",
                      "detail": "high"}}]},
                   {"role": "assistant", "content": null, "tool_calls": [{"id": "call_1", "type": "function",
                     "function": {"name": "lookup", "arguments": "{\\"q\\":\\"cat\\"}"}}]},
                   {"role": "tool", "tool_call_id": "call_1", "content": "A cat."}],
                 "tools": [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}],
                 "tool_choice": "required", "parallel_tool_calls": false, "temperature": 0.3, "top_p": 0.8,
                 "n": 1, "max_tokens": 99, "max_completion_tokens": 50, "stop": "END", "seed": 7,
                 "response_format": {"type": "json_object"}, "presence_penalty": 0.1, "frequency_penalty": 0.2,
                 "logit_bias": {"50256": -100}, "logprobs": true, "top_logprobs": 2, "user": "u-17",
                 "top_k": 40, "repetition_penalty": 1.1, "guided_choice": ["yes", "no"]}
                """, ChatCompletionRequest.class);

        assertWireJson("""
                {"model": "mistralai/Mixtral-8x7B-Instruct-v0.1", "stream": true,
                 "stream_options": {"include_usage": true},
                 "messages": [
                   {"role": "developer", "content": "Be brief."},
                   {"role": "user", "content": [{"type": "text", "text": "What is this?"},
                     {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=",
                      "detail": "high"}}]},
                   {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function",
                     "function": {"name": "lookup", "arguments": "{\\"q\\":\\"cat\\"}"}}]},
                   {"role": "tool", "tool_call_id": "call_1", "content": "A cat."}],
                 "tools": [{"type": "function", "function": {"name": "lookup", "parameters": {"type": "object"}}}],
                 "tool_choice": "required", "parallel_tool_calls": false, "temperature": 0.3, "top_p": 0.8,
                 "n": 1, "max_tokens": 99, "max_completion_tokens": 50, "stop": "END", "seed": 7,
                 "response_format": {"type": "json_object"}, "presence_penalty": 0.1, "frequency_penalty": 0.2,
                 "logit_bias": {"50256": -100}, "logprobs": true, "top_logprobs": 2, "user": "u-17"}
                """, OpenAiTranslation.toChatRequest(request, "mistralai/Mixtral-8x7B-Instruct-v0.1"));
    }

    @Test
    void anImageUrlIsRefusedNamingItsMessageAsForOllama() {
        String body = """
                {"model": "phi3", "messages": [{"role": "user", "content": "hi"},
                 {"role": "user", "content": [{"type": "text", "text": "What is this?"},
                  {"type": "image_url", "image_url": {"url": "%s"}}]}]}
                """;
        for (String url : List.of("https://example.com/cat.png", "http://169.254.169.254/latest/meta-data",
                "data:text/plain,hello")) {
            ChatCompletionRequest request = parse(body.formatted(url), ChatCompletionRequest.class);
            assertBadRequest("messages[1].content", () -> OpenAiTranslation.toChatRequest(request, "phi3"));
            assertBadRequest("messages[1].content", () -> OllamaTranslation.toChatRequest(request, "phi3"));
        }
    }

    @Test
    void aMinimalChatRequestGainsStreamingWithUsage() {
        ChatCompletionRequest request = parse("""
                {"model": "phi3", "messages": [{"role": "user", "content": "hi"}]}
                """, ChatCompletionRequest.class);

        assertWireJson("""
                {"model": "microsoft/Phi-3-mini-4k-instruct", "stream": true,
                 "stream_options": {"include_usage": true}, "messages": [{"role": "user", "content": "hi"}]}
                """, OpenAiTranslation.toChatRequest(request, "microsoft/Phi-3-mini-4k-instruct"));
    }

    @Test
    void aCompletionRequestPassesThroughWithTheBackendModelStreamingWithUsageWithoutVendorFields() {
        CompletionRequest request = parse("""
                {"model": "phi3", "prompt": ["one", "two"], "suffix": "end", "max_tokens": 16,
                 "temperature": 0, "top_p": 1, "n": 2, "stream": false, "logprobs": 3, "echo": true,
                 "stop": ["\\n"], "presence_penalty": 0, "frequency_penalty": 0, "best_of": 3,
                 "logit_bias": {"1": 5}, "seed": 1, "user": "u-17", "min_tokens": 4}
                """, CompletionRequest.class);

        assertWireJson("""
                {"model": "microsoft/Phi-3-mini-4k-instruct", "prompt": ["one", "two"], "suffix": "end",
                 "max_tokens": 16, "temperature": 0.0, "top_p": 1.0, "n": 2, "stream": true,
                 "stream_options": {"include_usage": true}, "logprobs": 3, "echo": true, "stop": ["\\n"],
                 "presence_penalty": 0.0, "frequency_penalty": 0.0, "best_of": 3, "logit_bias": {"1": 5},
                 "seed": 1, "user": "u-17"}
                """, OpenAiTranslation.toCompletionRequest(request, "microsoft/Phi-3-mini-4k-instruct"));
    }
}
