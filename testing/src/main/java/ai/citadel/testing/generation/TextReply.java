package ai.citadel.testing.generation;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * A text answer made of the prompt's own words, so it is deterministic (same prompt, same tokens) and tests can
 * predict it: "why is the sky blue" answers {@code "why", " is", " the", " sky", " blue", " why", ...}.
 *
 * @param truncated whether the request's token limit cut it short
 */
public record TextReply(List<String> tokens, boolean truncated) implements ModelReply {

    private static final String WORDLESS_PROMPT_WORD = "ok";

    public TextReply {
        tokens = List.copyOf(tokens);
    }

    /**
     * @param length    tokens in a reply the request does not limit
     * @param maxTokens the request's limit (max_tokens, num_predict), if any
     * @param json      whether the request asked for JSON output: the reply is then {@code {"reply":"..."}}, valid
     *                  JSON unless the limit cuts it
     */
    public static TextReply forPrompt(String prompt, int length, OptionalInt maxTokens, boolean json) {
        List<String> words = PromptText.words(prompt);
        if (words.isEmpty()) {
            words = List.of(WORDLESS_PROMPT_WORD);
        }
        List<String> tokens = json ? jsonTokens(words, length) : wordTokens(words, length);
        if (maxTokens.isPresent() && maxTokens.getAsInt() < tokens.size()) {
            return new TextReply(tokens.subList(0, Math.max(0, maxTokens.getAsInt())), true);
        }
        return new TextReply(tokens, false);
    }

    /**
     * What is left of this reply after {@code partial}, an answer begun earlier and sent back as a trailing assistant
     * message to be continued (Ollama, vLLM's {@code continue_final_message}): the tokens after the ones that spell
     * it, at most {@code maxTokens} new ones. A partial that is not such a beginning is answered with the whole reply,
     * as a model would write anew. Call it on a reply built without a token limit.
     */
    public TextReply continuing(String partial, OptionalInt maxTokens) {
        List<String> rest = tokens;
        StringBuilder written = new StringBuilder();
        for (int i = 0; i <= tokens.size(); i++) {
            if (written.toString().equals(partial)) {
                rest = tokens.subList(i, tokens.size());
                break;
            }
            if (i < tokens.size()) {
                written.append(tokens.get(i));
            }
        }
        if (maxTokens.isPresent() && maxTokens.getAsInt() < rest.size()) {
            return new TextReply(rest.subList(0, Math.max(0, maxTokens.getAsInt())), true);
        }
        return new TextReply(rest, truncated);
    }

    public String text() {
        return String.join("", tokens);
    }

    @Override
    public int tokenCount() {
        return tokens.size();
    }

    /** {@code "length"} when the limit cut the reply, else {@code "stop"}: Ollama's done_reason and OpenAI's finish_reason agree. */
    public String finishReason() {
        return truncated ? "length" : "stop";
    }

    private static List<String> wordTokens(List<String> words, int count) {
        List<String> tokens = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tokens.add((i == 0 ? "" : " ") + words.get(i % words.size()));
        }
        return tokens;
    }

    private static List<String> jsonTokens(List<String> words, int count) {
        List<String> tokens = new ArrayList<>();
        tokens.add("{\"reply\":\"");
        tokens.addAll(wordTokens(words, Math.max(1, count - 2)));
        tokens.add("\"}");
        return tokens;
    }
}
