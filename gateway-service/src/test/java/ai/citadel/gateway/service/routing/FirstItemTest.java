package ai.citadel.gateway.service.routing;

import ai.citadel.gateway.service.routing.FirstItem.Split;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.MultiEmitter;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What routing relies on: a backend's first token is seen on its own (failover and the circuit breaker judge the
 * backend by it), and the client still gets every token after it, in order, read no faster than it asks for them.
 * Giving up a stream, before or after its first token, cancels the backend's request.
 */
class FirstItemTest {

    /** A backend stream the test drives by hand; it records what was asked of it. */
    private static final class Backend {
        final AtomicReference<MultiEmitter<? super String>> emitter = new AtomicReference<>();
        final AtomicLong requested = new AtomicLong();
        final AtomicBoolean cancelled = new AtomicBoolean();
        final Multi<String> stream = Multi.createFrom().<String>emitter(emitter::set)
                .onRequest().invoke(requested::addAndGet)
                .onCancellation().invoke(() -> cancelled.set(true));

        MultiEmitter<? super String> emit() {
            return emitter.get();
        }
    }

    @Test
    void theFirstTokenComesAloneAndTheRestFollowsInOrderWithNothingLost() {
        Split<String> split = FirstItem.split(Multi.createFrom().items("a", "b", "c", "d"))
                .await().indefinitely();

        assertEquals("a", split.first());
        AssertSubscriber<String> rest = split.rest().subscribe().withSubscriber(AssertSubscriber.create(10));
        rest.assertCompleted().assertItems("b", "c", "d");
    }

    @Test
    void nothingMoreIsReadFromTheBackendThanTheClientAsksFor() {
        Backend backend = new Backend();
        UniAssertSubscriber<Split<String>> first = FirstItem.split(backend.stream).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        assertEquals(1, backend.requested.get(), "only the first token is asked for");

        backend.emit().emit("a");
        Split<String> split = first.assertCompleted().getItem();
        assertEquals(1, backend.requested.get(), "none more until the rest is subscribed");

        AssertSubscriber<String> rest = split.rest().subscribe().withSubscriber(AssertSubscriber.create(2));
        assertEquals(3, backend.requested.get(), "then as many as the client asks for");
        backend.emit().emit("b").emit("c").emit("d");
        rest.assertItems("b", "c");
        rest.request(5);
        backend.emit().complete();
        rest.assertCompleted().assertItems("b", "c", "d");
    }

    @Test
    void aBackendThatFailsBeforeItsFirstTokenFailsTheSplitWithItsOwnFailure() {
        IOException refused = new IOException("connection refused");
        Throwable failure = FirstItem.split(Multi.createFrom().<String>failure(refused)).subscribe()
                .withSubscriber(UniAssertSubscriber.create()).assertFailed().getFailure();
        assertSame(refused, failure, "routing tells a connection error from the rest by its type");
    }

    @Test
    void aBackendThatEndsWithoutAnyTokenFailsTheSplit() {
        Throwable failure = FirstItem.split(Multi.createFrom().<String>empty()).subscribe()
                .withSubscriber(UniAssertSubscriber.create()).assertFailed().getFailure();
        assertInstanceOf(NoSuchElementException.class, failure);
    }

    @Test
    void aCallerWhoLeavesBeforeTheFirstTokenCancelsTheBackendRequest() {
        Backend backend = new Backend();
        UniAssertSubscriber<Split<String>> first = FirstItem.split(backend.stream).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        assertFalse(backend.cancelled.get());

        first.cancel();

        assertTrue(backend.cancelled.get());
    }

    @Test
    void aFirstTokenNobodyWantsAnyMoreIsDiscardedAndTheBackendRequestCancelled() {
        Backend backend = new Backend();
        UniAssertSubscriber<Split<String>> first = FirstItem.split(backend.stream).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        backend.emit().emit("a");

        first.assertCompleted().getItem().discard();

        assertTrue(backend.cancelled.get());
    }

    @Test
    void anEndOrAFailureThatComesBeforeTheRestIsSubscribedStillReachesIt() {
        Split<String> ended = FirstItem.split(Multi.createFrom().items("only")).await().indefinitely();
        ended.rest().subscribe().withSubscriber(AssertSubscriber.create(1))
                .assertCompleted().assertHasNotReceivedAnyItem();

        Backend backend = new Backend();
        UniAssertSubscriber<Split<String>> first = FirstItem.split(backend.stream).subscribe()
                .withSubscriber(UniAssertSubscriber.create());
        IOException reset = new IOException("connection reset");
        backend.emit().emit("a").fail(reset);
        Split<String> broken = first.assertCompleted().getItem();
        AssertSubscriber<String> rest = broken.rest().subscribe().withSubscriber(AssertSubscriber.create(1));
        assertSame(reset, rest.assertFailedWith(IOException.class, "connection reset").getFailure());
    }

    @Test
    void theRestHasOneSubscriberOnly() {
        Split<String> split = FirstItem.split(Multi.createFrom().items("a", "b")).await().indefinitely();
        split.rest().subscribe().withSubscriber(AssertSubscriber.create(10)).assertItems("b");

        split.rest().subscribe().withSubscriber(AssertSubscriber.create(10))
                .assertFailedWith(IllegalStateException.class, "one subscriber");
    }
}
