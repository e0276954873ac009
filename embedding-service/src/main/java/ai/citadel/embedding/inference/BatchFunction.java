package ai.citadel.embedding.inference;

import java.util.List;

/** One model call: outputs for {@code inputs}, in order. Blocking; runs on a batcher thread. */
@FunctionalInterface
public interface BatchFunction<I, O> {

    List<O> apply(List<I> inputs) throws Exception;
}
