package ai.citadel.gateway.service.routing;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiSubscriber;
import io.smallrye.mutiny.subscription.UniEmitter;

import java.util.NoSuchElementException;
import java.util.concurrent.Flow;

/**
 * Waits for the first item of a stream and hands back that item together with the rest of the stream, keeping
 * backpressure: after the first item nothing more is read until the rest is subscribed and requests it.
 * <p>
 * Routing needs this because a backend counts as having answered (for failover and its circuit breaker) only once
 * its first token arrived, while the client must still receive every following token through the same stream.
 */
final class FirstItem {

    record Split<T>(T first, Multi<T> rest) {

        /** Gives up the rest unread, which cancels the source. */
        void discard() {
            rest.subscribe().withSubscriber(new MultiSubscriber<T>() {
                @Override
                public void onSubscribe(Flow.Subscription subscription) {
                    subscription.cancel();
                }

                @Override
                public void onItem(T item) {
                }

                @Override
                public void onFailure(Throwable failure) {
                }

                @Override
                public void onCompletion() {
                }
            });
        }
    }

    private FirstItem() {
    }

    /** Fails like the source when it fails or completes before any item. Cancelling the Uni cancels the source. */
    static <T> Uni<Split<T>> split(Multi<T> source) {
        return Uni.createFrom().emitter(emitter -> {
            Relay<T> relay = new Relay<>(emitter);
            emitter.onTermination(relay::cancelIfWaitingForFirst);
            source.subscribe().withSubscriber(relay);
        });
    }

    private static final class Relay<T> implements MultiSubscriber<T>, Flow.Subscription {

        private final UniEmitter<? super Split<T>> firstItem;
        private Flow.Subscription upstream;
        private boolean gotFirst;
        private boolean cancelled;
        private Flow.Subscriber<? super T> rest;
        /** A terminal signal that arrived before the rest was subscribed; null = none, COMPLETED or a Throwable. */
        private Object pendingTermination;

        private static final Object COMPLETED = new Object();

        Relay(UniEmitter<? super Split<T>> firstItem) {
            this.firstItem = firstItem;
        }

        @Override
        public synchronized void onSubscribe(Flow.Subscription subscription) {
            upstream = subscription;
            if (cancelled) {
                subscription.cancel();
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onItem(T item) {
            Flow.Subscriber<? super T> target;
            synchronized (this) {
                if (!gotFirst) {
                    gotFirst = true;
                    target = null;
                } else {
                    target = rest;
                }
            }
            if (target == null) {
                Flow.Publisher<T> rest = this::subscribeRest;
                firstItem.complete(new Split<>(item, Multi.createFrom().publisher(rest)));
            } else {
                target.onNext(item);
            }
        }

        @Override
        public void onFailure(Throwable failure) {
            terminate(failure);
        }

        @Override
        public void onCompletion() {
            terminate(COMPLETED);
        }

        private void terminate(Object signal) {
            Flow.Subscriber<? super T> target;
            synchronized (this) {
                if (!gotFirst) {
                    gotFirst = true;
                    target = null;
                } else if (rest == null) {
                    pendingTermination = signal;
                    return;
                } else {
                    target = rest;
                }
            }
            if (target == null) {
                firstItem.fail(signal == COMPLETED ? new NoSuchElementException("stream ended without any item")
                        : (Throwable) signal);
            } else {
                deliver(target, signal);
            }
        }

        private void subscribeRest(Flow.Subscriber<? super T> subscriber) {
            Object termination;
            synchronized (this) {
                if (rest != null) {
                    subscriber.onSubscribe(this);
                    subscriber.onError(new IllegalStateException("the rest of the stream has one subscriber only"));
                    return;
                }
                rest = subscriber;
                termination = pendingTermination;
            }
            subscriber.onSubscribe(this);
            if (termination != null) {
                deliver(subscriber, termination);
            }
        }

        private void deliver(Flow.Subscriber<? super T> subscriber, Object signal) {
            if (signal == COMPLETED) {
                subscriber.onComplete();
            } else {
                subscriber.onError((Throwable) signal);
            }
        }

        void cancelIfWaitingForFirst() {
            Flow.Subscription subscription;
            synchronized (this) {
                if (gotFirst) {
                    return;
                }
                cancelled = true;
                subscription = upstream;
            }
            if (subscription != null) {
                subscription.cancel();
            }
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            upstream.cancel();
        }
    }
}
