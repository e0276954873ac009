package ai.citadel.gateway.client;

import ai.citadel.model.ollama.OllamaGenerateRequest;
import ai.citadel.model.openai.CompletionRequest;
import org.junit.jupiter.api.Test;

import static ai.citadel.gateway.client.TranslationFixtures.assertBadRequest;
import static ai.citadel.gateway.client.TranslationFixtures.assertWireJson;
import static ai.citadel.gateway.client.TranslationFixtures.parse;

class OllamaGenerateRequestTranslationTest {

    private static OllamaGenerateRequest translate(String openAiJson) {
        return OllamaTranslation.toGenerateRequest(parse(openAiJson, CompletionRequest.class), "phi3:latest");
    }

    @Test
    void promptSuffixAndOptionsTranslateAndTheRequestAlwaysStreams() {
        OllamaGenerateRequest request = translate("""
                {"model": "phi3", "prompt": "def fib(n):", "suffix": "    return result", "stream": false,
                 "max_tokens": 64, "temperature": 0.2, "top_p": 0.95, "stop": "\\n\\n", "seed": 7,
                 "presence_penalty": 0.1, "frequency_penalty": 0.2, "logprobs": 2, "echo": false,
                 "best_of": 1, "n": 1, "user": "u-17", "top_k": 10}
                """);

        assertWireJson("""
                {"model": "phi3:latest", "prompt": "def fib(n):", "suffix": "    return result", "stream": true,
                 "options": {"num_predict": 64, "temperature": 0.2, "top_p": 0.95, "stop": ["\\n\\n"], "seed": 7,
                             "presence_penalty": 0.1, "frequency_penalty": 0.2}}
                """, request);
    }

    @Test
    void anArrayOfOnePromptIsThatPrompt() {
        assertWireJson("""
                {"model": "phi3:latest", "prompt": "Why is the sky blue?", "stream": true}
                """, translate("""
                {"model": "phi3", "prompt": ["Why is the sky blue?"]}
                """));
    }

    @Test
    void severalPromptsAndTokenIdPromptsAreRejected() {
        assertBadRequest("prompt", () -> translate("""
                {"model": "phi3", "prompt": ["one", "two"]}
                """));
        assertBadRequest("prompt", () -> translate("""
                {"model": "phi3", "prompt": [1212, 318, 257]}
                """));
        assertBadRequest("prompt", () -> translate("""
                {"model": "phi3", "prompt": [[1212, 318]]}
                """));
    }

    @Test
    void echoSeveralChoicesAndBestOfAreRejected() {
        assertBadRequest("echo", () -> translate("""
                {"model": "phi3", "prompt": "hi", "echo": true}
                """));
        assertBadRequest("n", () -> translate("""
                {"model": "phi3", "prompt": "hi", "n": 3}
                """));
        assertBadRequest("best_of", () -> translate("""
                {"model": "phi3", "prompt": "hi", "best_of": 2}
                """));
    }
}
