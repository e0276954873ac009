package ai.citadel.gateway.client;

import ai.citadel.gateway.domain.GenerationEvent;
import io.smallrye.mutiny.Multi;

import java.util.function.Supplier;

/** Runs a backend's response lines through a fresh {@link StreamDecoder}. */
final class DecodedStream {

    private DecodedStream() {
    }

    static Multi<GenerationEvent> of(Multi<String> lines, Supplier<StreamDecoder> decoders) {
        return Multi.createFrom().deferred(() -> {
            StreamDecoder decoder = decoders.get();
            return lines.onItem().transformToIterable(decoder::decode)
                    .onCompletion().switchTo(() -> Multi.createFrom().iterable(decoder.end()));
        });
    }
}
