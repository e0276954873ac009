package ai.citadel.orchestration.repository;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Group commit: items submitted while a batch is being written wait and go together in the next one, so a burst of
 * items costs one round trip and one commit instead of one each, while an item alone goes at once. One batch is in
 * flight at a time; the items waiting are bounded by their callers (for step completions, by the steps running).
 *
 * @param <T> an item to write
 * @param <R> the answer to one item
 */
final class GroupCommit<T, R> {

    private record Waiting<T, R>(T item, UniEmitter<? super R> answer) {
    }

    private final Function<List<T>, Uni<List<R>>> writer;
    private final int maxBatch;
    private final Queue<Waiting<T, R>> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();

    /** {@code writer} writes a batch and answers one result per item, in the items' order. */
    GroupCommit(Function<List<T>, Uni<List<R>>> writer, int maxBatch) {
        this.writer = writer;
        this.maxBatch = maxBatch;
    }

    Uni<R> submit(T item) {
        return Uni.createFrom().emitter(answer -> {
            waiting.add(new Waiting<>(item, answer));
            writeNext();
        });
    }

    private void writeNext() {
        while (!waiting.isEmpty() && writing.compareAndSet(false, true)) {
            List<Waiting<T, R>> batch = new ArrayList<>();
            for (Waiting<T, R> next; batch.size() < maxBatch && (next = waiting.poll()) != null; ) {
                batch.add(next);
            }
            if (batch.isEmpty()) {
                writing.set(false);
                continue;
            }
            Uni<List<R>> written;
            try {
                written = writer.apply(batch.stream().map(Waiting::item).toList());
            } catch (RuntimeException e) {
                written = Uni.createFrom().failure(e);
            }
            written.subscribe().with(results -> {
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).answer().complete(results.get(i));
                }
                batchDone();
            }, failure -> {
                batch.forEach(each -> each.answer().fail(failure));
                batchDone();
            });
            return;
        }
    }

    private void batchDone() {
        writing.set(false);
        writeNext();
    }
}
