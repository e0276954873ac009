package ai.citadel.testing;

import java.time.Duration;
import java.util.Optional;

/** An error answer a simulator gives instead of doing the work, e.g. a 429 with {@code Retry-After}. */
record InjectedFailure(int status, Optional<Duration> retryAfter) {
}
