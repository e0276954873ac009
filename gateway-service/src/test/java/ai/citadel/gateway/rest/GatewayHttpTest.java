package ai.citadel.gateway.rest;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;

class GatewayHttpTest {

    @Test
    void overheadIsWrittenInMillisecondsWithTwoDecimalsRounded() {
        assertEquals("0.00", GatewayHttp.millis(Duration.ZERO));
        assertEquals("0.00", GatewayHttp.millis(Duration.ofNanos(4_999)));
        assertEquals("0.01", GatewayHttp.millis(Duration.ofNanos(5_000)));
        assertEquals("0.25", GatewayHttp.millis(Duration.ofNanos(251_234)));
        assertEquals("1.05", GatewayHttp.millis(Duration.ofNanos(1_049_999)));
        assertEquals("12.30", GatewayHttp.millis(Duration.ofMillis(12).plusNanos(300_000)));
        assertEquals("1500.00", GatewayHttp.millis(Duration.ofMillis(1_500)));
    }
}
