package ai.citadel.orchestration.repository;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupCommitTest {

    /** A writer whose batches end when the test says so; answers each item doubled. */
    private static final class HeldWriter {
        final List<List<Integer>> batches = new ArrayList<>();
        final List<UniEmitter<? super List<Integer>>> inFlight = new ArrayList<>();

        Uni<List<Integer>> write(List<Integer> batch) {
            batches.add(batch);
            return Uni.createFrom().emitter(inFlight::add);
        }

        void finishBatch(int index) {
            inFlight.get(index).complete(batches.get(index).stream().map(item -> item * 2).toList());
        }
    }

    @Test
    void anItemAloneIsWrittenAtOnce() {
        HeldWriter writer = new HeldWriter();
        GroupCommit<Integer, Integer> commits = new GroupCommit<>(writer::write, 10);

        UniAssertSubscriber<Integer> answer = commits.submit(1).subscribe().withSubscriber(UniAssertSubscriber.create());

        assertEquals(List.of(List.of(1)), writer.batches);
        writer.finishBatch(0);
        answer.assertItem(2);
    }

    @Test
    void itemsArrivingDuringAWriteGoTogetherInTheNextBatchEachWithItsOwnAnswer() {
        HeldWriter writer = new HeldWriter();
        GroupCommit<Integer, Integer> commits = new GroupCommit<>(writer::write, 10);

        UniAssertSubscriber<Integer> first = commits.submit(1).subscribe().withSubscriber(UniAssertSubscriber.create());
        List<UniAssertSubscriber<Integer>> waiting = List.of(2, 3, 4).stream()
                .map(item -> commits.submit(item).subscribe().withSubscriber(UniAssertSubscriber.<Integer>create()))
                .toList();
        assertEquals(1, writer.batches.size(), "one batch in flight at a time");

        writer.finishBatch(0);
        first.assertItem(2);
        assertEquals(List.of(2, 3, 4), writer.batches.get(1));
        waiting.forEach(each -> assertTrue(each.getItem() == null, "answered only once its batch is written"));

        writer.finishBatch(1);
        assertEquals(List.of(4, 6, 8), waiting.stream().map(UniAssertSubscriber::getItem).toList());
    }

    @Test
    void aBatchHoldsAtMostTheLimitAndTheRestFollows() {
        HeldWriter writer = new HeldWriter();
        GroupCommit<Integer, Integer> commits = new GroupCommit<>(writer::write, 2);

        commits.submit(1).subscribe().withSubscriber(UniAssertSubscriber.create());
        List.of(2, 3, 4).forEach(item -> commits.submit(item).subscribe().withSubscriber(UniAssertSubscriber.create()));
        writer.finishBatch(0);
        writer.finishBatch(1);

        assertEquals(List.of(List.of(1), List.of(2, 3), List.of(4)), writer.batches);
    }

    @Test
    void aFailedBatchFailsItsItemsAndTheNextBatchStillGoes() {
        HeldWriter writer = new HeldWriter();
        GroupCommit<Integer, Integer> commits = new GroupCommit<>(writer::write, 10);

        UniAssertSubscriber<Integer> failed = commits.submit(1).subscribe().withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<Integer> next = commits.submit(2).subscribe().withSubscriber(UniAssertSubscriber.create());
        writer.inFlight.getFirst().fail(new IllegalStateException("PostgreSQL went away"));

        failed.assertFailedWith(IllegalStateException.class, "PostgreSQL went away");
        assertEquals(List.of(2), writer.batches.get(1));
        writer.finishBatch(1);
        next.assertItem(4);
    }

    @Test
    void aWriterThatThrowsFailsTheBatchInsteadOfLosingIt() {
        GroupCommit<Integer, Integer> commits = new GroupCommit<>(batch -> {
            throw new IllegalArgumentException("cannot encode " + batch);
        }, 10);

        commits.submit(1).subscribe().withSubscriber(UniAssertSubscriber.create())
                .assertFailedWith(IllegalArgumentException.class, "cannot encode [1]");
        commits.submit(2).subscribe().withSubscriber(UniAssertSubscriber.create())
                .assertFailedWith(IllegalArgumentException.class, "cannot encode [2]");
    }
}
