package ai.citadel.management.client;

import io.netty.channel.ConnectTimeoutException;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/** What an operator reads when a service or host did not answer: the cause, not a stack of wrappers. */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable failure, Duration timeout) {
        Throwable root = failure;
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof TimeoutException || cause instanceof io.smallrye.mutiny.TimeoutException
                    || cause instanceof ConnectTimeoutException) {
                return "no answer within " + timeout.toMillis() + " ms";
            }
            if (cause instanceof ConnectException) {
                return "connection refused";
            }
            if (cause instanceof UnknownHostException) {
                return "unknown host " + cause.getMessage();
            }
            root = cause;
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
