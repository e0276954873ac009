package ai.citadel.gateway.client;

import ai.citadel.model.ollama.OllamaChatRequest;
import ai.citadel.model.openai.ChatCompletionRequest;
import org.junit.jupiter.api.Test;

import static ai.citadel.gateway.client.TranslationFixtures.assertBadRequest;
import static ai.citadel.gateway.client.TranslationFixtures.assertWireJson;
import static ai.citadel.gateway.client.TranslationFixtures.parse;
import static org.junit.jupiter.api.Assertions.assertNull;

class OllamaChatRequestTranslationTest {

    private static OllamaChatRequest translate(String openAiJson) {
        return OllamaTranslation.toChatRequest(parse(openAiJson, ChatCompletionRequest.class), "phi3:latest");
    }

    @Test
    void plainConversationUsesTheBackendModelAndAlwaysStreams() {
        OllamaChatRequest request = translate("""
                {"model": "phi3", "stream": false, "messages": [
                  {"role": "system", "content": "Be brief."},
                  {"role": "developer", "content": "Answer in English."},
                  {"role": "user", "content": "Why is the sky blue?", "name": "alice"},
                  {"role": "assistant", "content": "Rayleigh scattering."},
                  {"role": "user", "content": "Explain."}]}
                """);

        assertWireJson("""
                {"model": "phi3:latest", "stream": true, "messages": [
                  {"role": "system", "content": "Be brief."},
                  {"role": "system", "content": "Answer in English."},
                  {"role": "user", "content": "Why is the sky blue?"},
                  {"role": "assistant", "content": "Rayleigh scattering."},
                  {"role": "user", "content": "Explain."}]}
                """, request);
    }

    @Test
    void textPartsAreJoinedAndBase64ImagesBecomeOllamaImages() {
        OllamaChatRequest request = translate("""
                {"model": "llava", "messages": [{"role": "user", "content": [
                  {"type": "text", "text": "What is in this picture?"},
                  {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo=", "detail": "low"}},
                  {"type": "text", "text": "Answer in one word."},
                  {"type": "image_url", "image_url": {"url": "data:image/jpeg;base64,/9j/4AAQSkZJRg=="}}]}]}
                """);

        assertWireJson("""
                {"model": "phi3:latest", "stream": true, "messages": [
                  {"role": "user", "content": "What is in this picture?\\nAnswer in one word.",
                   "images": ["iVBORw0KGgo=", "/9j/4AAQSkZJRg=="]}]}
                """, request);
    }

    @Test
    void anImageUrlThatIsNotBase64DataIsRejectedNamingTheMessage() {
        assertBadRequest("messages[1].content", () -> translate("""
                {"model": "llava", "messages": [
                  {"role": "system", "content": "Describe images."},
                  {"role": "user", "content": [
                    {"type": "image_url", "image_url": {"url": "https://example.com/cat.png"}}]}]}
                """));
        assertBadRequest("messages[0].content", () -> translate("""
                {"model": "llava", "messages": [{"role": "user", "content": [
                  {"type": "image_url", "image_url": {"url": "data:text/plain;base64,aGk="}}]}]}
                """));
    }

    @Test
    void audioAndFilePartsAreRejected() {
        assertBadRequest("messages[0].content", () -> translate("""
                {"model": "phi3", "messages": [{"role": "user", "content": [
                  {"type": "input_audio", "input_audio": {"data": "UklGRg==", "format": "wav"}}]}]}
                """));
    }

    @Test
    void toolsAndAToolCallRoundTripTranslateBothWays() {
        OllamaChatRequest request = translate("""
                {"model": "llama3.1", "messages": [
                  {"role": "user", "content": "Weather in Toronto and the time?"},
                  {"role": "assistant", "content": null, "tool_calls": [
                    {"id": "call_abc", "type": "function",
                     "function": {"name": "get_weather", "arguments": "{\\"location\\":\\"Toronto\\",\\"days\\":2}"}},
                    {"id": "call_def", "type": "function", "function": {"name": "get_time", "arguments": ""}}]},
                  {"role": "tool", "tool_call_id": "call_def", "content": "14:05"},
                  {"role": "tool", "tool_call_id": "call_abc", "content": [{"type": "text", "text": "21 C, sunny"}]}],
                 "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Current weather",
                   "parameters": {"type": "object", "properties": {"location": {"type": "string"}},
                                  "required": ["location"]}, "strict": true}},
                   {"type": "function", "function": {"name": "get_time"}}],
                 "tool_choice": "auto", "parallel_tool_calls": true}
                """);

        assertWireJson("""
                {"model": "phi3:latest", "stream": true, "messages": [
                  {"role": "user", "content": "Weather in Toronto and the time?"},
                  {"role": "assistant", "content": "", "tool_calls": [
                    {"id": "call_abc",
                     "function": {"name": "get_weather", "arguments": {"location": "Toronto", "days": 2}}},
                    {"id": "call_def", "function": {"name": "get_time", "arguments": {}}}]},
                  {"role": "tool", "content": "14:05", "tool_name": "get_time", "tool_call_id": "call_def"},
                  {"role": "tool", "content": "21 C, sunny", "tool_name": "get_weather", "tool_call_id": "call_abc"}],
                 "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Current weather",
                   "parameters": {"type": "object", "properties": {"location": {"type": "string"}},
                                  "required": ["location"]}}},
                   {"type": "function", "function": {"name": "get_time"}}]}
                """, request);
    }

    @Test
    void aToolResultForAnUnknownCallKeepsItsIdWithoutAName() {
        OllamaChatRequest request = translate("""
                {"model": "llama3.1", "messages": [{"role": "tool", "tool_call_id": "call_gone", "content": "42"}]}
                """);

        assertWireJson("""
                {"model": "phi3:latest", "stream": true,
                 "messages": [{"role": "tool", "content": "42", "tool_call_id": "call_gone"}]}
                """, request);
    }

    @Test
    void theDeprecatedFunctionRoleBecomesAToolResultNamedByItsFunction() {
        OllamaChatRequest request = translate("""
                {"model": "llama3.1", "messages": [{"role": "function", "name": "get_time", "content": "14:05"}]}
                """);

        assertWireJson("""
                {"model": "phi3:latest", "stream": true,
                 "messages": [{"role": "tool", "content": "14:05", "tool_name": "get_time"}]}
                """, request);
    }

    @Test
    void toolCallArgumentsThatAreNotAJsonObjectAreRejectedNamingTheArguments() {
        assertBadRequest("messages[1].tool_calls[1].function.arguments", () -> translate("""
                {"model": "llama3.1", "messages": [
                  {"role": "user", "content": "go"},
                  {"role": "assistant", "tool_calls": [
                    {"id": "call_1", "type": "function", "function": {"name": "a", "arguments": "{}"}},
                    {"id": "call_2", "type": "function", "function": {"name": "b", "arguments": "{\\"x\\": "}}]}]}
                """));
        assertBadRequest("messages[0].tool_calls[0].function.arguments", () -> translate("""
                {"model": "llama3.1", "messages": [{"role": "assistant", "tool_calls": [
                  {"id": "call_1", "type": "function", "function": {"name": "a", "arguments": "[1, 2]"}}]}]}
                """));
    }

    @Test
    void toolChoiceNoneSendsNoToolsAndANamedFunctionSendsOnlyThatTool() {
        String tools = """
                "tools": [{"type": "function", "function": {"name": "get_weather"}},
                          {"type": "function", "function": {"name": "get_time"}}]
                """;
        assertNull(translate("""
                {"model": "m", "messages": [{"role": "user", "content": "hi"}], "tool_choice": "none", %s}
                """.formatted(tools)).tools());

        assertWireJson("""
                {"model": "phi3:latest", "stream": true, "messages": [{"role": "user", "content": "hi"}],
                 "tools": [{"type": "function", "function": {"name": "get_time"}}]}
                """, translate("""
                {"model": "m", "messages": [{"role": "user", "content": "hi"}],
                 "tool_choice": {"type": "function", "function": {"name": "get_time"}}, %s}
                """.formatted(tools)));

        assertBadRequest("tool_choice", () -> translate("""
                {"model": "m", "messages": [{"role": "user", "content": "hi"}],
                 "tool_choice": {"type": "function", "function": {"name": "get_stock_price"}}, %s}
                """.formatted(tools)));
    }

    @Test
    void toolsOtherThanFunctionsAreRejected() {
        assertBadRequest("tools[1].type", () -> translate("""
                {"model": "m", "messages": [{"role": "user", "content": "hi"}],
                 "tools": [{"type": "function", "function": {"name": "a"}},
                           {"type": "custom", "function": {"name": "b"}}]}
                """));
    }

    @Test
    void samplingOptionsMapToOllamaOptionsAndAStopStringBecomesAList() {
        OllamaChatRequest request = translate("""
                {"model": "m", "messages": [{"role": "user", "content": "hi"}],
                 "temperature": 0.7, "top_p": 0.9, "max_tokens": 100, "max_completion_tokens": 50,
                 "stop": "END", "seed": 42, "presence_penalty": 0.5, "frequency_penalty": -0.5}
                """);

        assertWireJson("""
                {"model": "phi3:latest", "stream": true, "messages": [{"role": "user", "content": "hi"}],
                 "options": {"temperature": 0.7, "top_p": 0.9, "num_predict": 50, "stop": ["END"], "seed": 42,
                             "presence_penalty": 0.5, "frequency_penalty": -0.5}}
                """, request);
    }

    @Test
    void maxTokensIsUsedWithoutMaxCompletionTokensAndAStopListStaysAList() {
        OllamaChatRequest request = translate("""
                {"model": "m", "messages": [{"role": "user", "content": "hi"}],
                 "max_tokens": 100, "stop": ["\\n\\n", "User:"]}
                """);

        assertWireJson("""
                {"model": "phi3:latest", "stream": true, "messages": [{"role": "user", "content": "hi"}],
                 "options": {"num_predict": 100, "stop": ["\\n\\n", "User:"]}}
                """, request);
    }

    @Test
    void responseFormatJsonObjectAndJsonSchemaBecomeOllamaFormatAndTextNone() {
        String messages = "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]";
        assertWireJson("""
                {"model": "phi3:latest", "stream": true, %s, "format": "json"}
                """.formatted(messages), translate("""
                {"model": "m", %s, "response_format": {"type": "json_object"}}
                """.formatted(messages)));

        assertWireJson("""
                {"model": "phi3:latest", "stream": true, %s,
                 "format": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}
                """.formatted(messages), translate("""
                {"model": "m", %s, "response_format": {"type": "json_schema", "json_schema": {"name": "place",
                  "strict": true,
                  "schema": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}}
                """.formatted(messages)));

        assertNull(translate("""
                {"model": "m", %s, "response_format": {"type": "text"}}
                """.formatted(messages)).format());

        assertBadRequest("response_format.type", () -> translate("""
                {"model": "m", %s, "response_format": {"type": "yaml"}}
                """.formatted(messages)));
    }

    @Test
    void moreThanOneChoiceIsRejectedAndOneIsFine() {
        assertBadRequest("n", () -> translate("""
                {"model": "m", "messages": [{"role": "user", "content": "hi"}], "n": 2}
                """));
        translate("""
                {"model": "m", "messages": [{"role": "user", "content": "hi"}], "n": 1}
                """);
    }

    @Test
    void fieldsOllamaHasNoUseForAreDropped() {
        OllamaChatRequest request = translate("""
                {"model": "m", "messages": [{"role": "user", "content": "hi"}],
                 "logprobs": true, "top_logprobs": 3, "logit_bias": {"50256": -100}, "user": "u-17",
                 "stream_options": {"include_usage": true}, "top_k": 40, "repetition_penalty": 1.1}
                """);

        assertWireJson("""
                {"model": "phi3:latest", "stream": true, "messages": [{"role": "user", "content": "hi"}]}
                """, request);
    }
}
