package ai.citadel.model.status;

import ai.citadel.model.WireJson;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code GET /api/v1/status}. */
class StatusWireFormatTest {

    @Test
    void theStatusRoundTrips() {
        WireJson.assertRoundTrip("status/status-response.json", StatusResponse.class);
    }

    @Test
    void aDependencyIsUpOnlyWhenItsStatusIsUp() {
        Instant now = Instant.now();
        assertTrue(new DependencyStatus("redis", "redis", DependencyStatus.UP, 1L, now, now, null, null).up());
        assertFalse(new DependencyStatus("redis", "redis", DependencyStatus.DOWN, null, now, now, "refused", now)
                .up());
    }
}
