package ai.citadel.testing;

import java.time.Duration;

/** Vert.x timers count whole milliseconds. */
public final class Durations {

    private Durations() {
    }

    /** Rounded up, so a simulated delay is never shorter than asked. */
    public static long timerMillis(Duration duration) {
        long millis = duration.toMillis();
        return duration.minusMillis(millis).isZero() ? millis : millis + 1;
    }
}
