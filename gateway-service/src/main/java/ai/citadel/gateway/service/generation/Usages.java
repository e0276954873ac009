package ai.citadel.gateway.service.generation;

import ai.citadel.gateway.domain.GenerationEvent.Finished;
import ai.citadel.model.openai.Usage;

/** The OpenAI usage of a finished generation. */
public final class Usages {

    private Usages() {
    }

    /** Counts a backend did not report are 0, as OpenAI clients expect numbers. */
    public static Usage of(Finished finished) {
        return Usage.of(orZero(finished.promptTokens()), orZero(finished.completionTokens()));
    }

    private static int orZero(Integer count) {
        return count == null ? 0 : count;
    }
}
