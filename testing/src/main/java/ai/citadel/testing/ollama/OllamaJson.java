package ai.citadel.testing.ollama;

import ai.citadel.testing.GenerationTiming;
import ai.citadel.testing.Json;
import ai.citadel.testing.SimulatedModel;
import ai.citadel.testing.generation.PromptText;
import ai.citadel.testing.generation.Sha256;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The pieces of Ollama's JSON that several endpoints share. */
final class OllamaJson {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    /** Token ids in {@code context} stay below a typical vocabulary size. */
    private static final int VOCABULARY_SIZE = 32_000;

    private OllamaJson() {
    }

    /** Go's RFC 3339 with nanoseconds, as Ollama writes {@code created_at}: trailing zeros dropped, UTC as "Z". */
    static String timestamp(Instant instant) {
        String seconds = SECONDS.format(instant);
        if (instant.getNano() == 0) {
            return seconds + "Z";
        }
        String fraction = String.format("%09d", instant.getNano()).replaceFirst("0+$", "");
        return seconds + "." + fraction + "Z";
    }

    /** The start of every chat/generate record: {@code model} as the client spelled it, {@code created_at}. */
    static ObjectNode record(String requestedModel) {
        return Json.object().put("model", requestedModel).put("created_at", timestamp(Instant.now()));
    }

    /** The manifest digest {@code /api/tags} shows: 64 hex digits, no algorithm prefix. */
    static String digest(SimulatedModel model) {
        return Sha256.hex("manifest:" + model.name());
    }

    static ObjectNode details(SimulatedModel model) {
        ObjectNode details = Json.object()
                .put("parent_model", "")
                .put("format", "gguf")
                .put("family", model.family());
        details.putArray("families").add(model.family());
        return details.put("parameter_size", model.parameterSize())
                .put("quantization_level", model.quantizationLevel());
    }

    /** A model as {@code /api/tags} and {@code /api/ps} list it; each adds its own timestamps. */
    static ObjectNode listedModel(SimulatedModel model) {
        ObjectNode entry = Json.object()
                .put("name", model.name())
                .put("model", model.name())
                .put("size", model.sizeBytes())
                .put("digest", digest(model));
        entry.set("details", details(model));
        return entry;
    }

    /**
     * The statistics of a final record, in nanoseconds. Derived from the real timing of the reply: the time to the
     * first token is split between loading and prompt evaluation, the rest is generation.
     */
    static void putMetrics(ObjectNode record, GenerationTiming timing, int promptTokens, int evalCount) {
        long timeToFirstToken = timing.timeToFirstTokenNanos();
        long load = Math.max(1, timeToFirstToken / 4);
        long promptEval = Math.max(1, timeToFirstToken - load);
        long eval = timing.generationNanos();
        record.put("total_duration", Math.max(timing.totalNanos(), load + promptEval + eval))
                .put("load_duration", load)
                .put("prompt_eval_count", promptTokens)
                .put("prompt_eval_duration", promptEval)
                .put("eval_count", evalCount)
                .put("eval_duration", eval);
    }

    /** /api/generate's {@code context}: token ids of prompt and answer (deterministic stand-ins). */
    static ArrayNode context(String prompt, String answer) {
        ArrayNode ids = Json.array();
        PromptText.words(prompt + " " + answer).forEach(word -> ids.add(Math.floorMod(word.hashCode(), VOCABULARY_SIZE)));
        return ids;
    }

    /** "3.8B" → 3 800 000 000, for {@code general.parameter_count}. */
    static long parameterCount(String parameterSize) {
        char unit = parameterSize.charAt(parameterSize.length() - 1);
        double amount = Double.parseDouble(parameterSize.substring(0, parameterSize.length() - 1));
        double scale = switch (Character.toUpperCase(unit)) {
            case 'K' -> 1e3;
            case 'M' -> 1e6;
            case 'B' -> 1e9;
            case 'T' -> 1e12;
            default -> throw new IllegalArgumentException("unknown parameter size: " + parameterSize);
        };
        return Math.round(amount * scale);
    }
}
