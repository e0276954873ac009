package ai.citadel.gateway.service.security;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.gateway.service.security.RateLimiter.Admission;
import ai.citadel.gateway.service.security.RateLimiter.Scope;
import ai.citadel.gateway.service.security.RateLimiter.Window;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a client learns from the rate limits, with Redis's counts given: the {@code X-RateLimit-*} headers of every
 * limited answer, and the 429 of a refused request with the limit that refused it and when to retry. Counting in
 * Redis is covered end to end by security/ApiKeysTest and SecurityOutageTest.
 */
class RateLimiterTest {

    private static final Window KEY_RPM = new Window(Scope.KEY_RPM, 60, 10, Duration.ofSeconds(30));
    private static final Window IP_RPM = new Window(Scope.IP_RPM, 100, 95, Duration.ofMillis(5_200));
    private static final Window KEY_TPM = new Window(Scope.KEY_TPM, 1000, 200, Duration.ofSeconds(42));

    @Test
    void headersShowTheTightestRequestLimitAndTheTokenLimitApart() {
        Admission admitted = new Admission(List.of(KEY_RPM, KEY_TPM, IP_RPM), null);

        assertTrue(admitted.admitted());
        assertEquals(Map.of(
                "X-RateLimit-Limit", "100", "X-RateLimit-Remaining", "5", "X-RateLimit-Reset", "6",
                "X-RateLimit-Limit-Tokens", "1000", "X-RateLimit-Remaining-Tokens", "800",
                "X-RateLimit-Reset-Tokens", "42"), admitted.headers(), "the address has 5 requests left, the key 50");
    }

    @Test
    void nothingLimitedMeansNoHeaders() {
        Admission unlimited = new Admission(List.of(), null);
        assertTrue(unlimited.admitted());
        assertEquals(Map.of(), unlimited.headers());
    }

    @Test
    void aRefusalIsA429NamingTheLimitWithRetryAfterAndItsHeaders() {
        Window spent = new Window(Scope.KEY_RPM, 60, 61, Duration.ofMillis(12_001));
        Admission refused = new Admission(List.of(spent, IP_RPM), spent);

        assertFalse(refused.admitted());
        ApiException refusal = refused.refusal();
        assertEquals(429, refusal.status());
        assertEquals("rate_limit_exceeded", refusal.code());
        assertEquals("Rate limit reached: 60 requests per minute per API key; retry in 13 s", refusal.getMessage());
        assertEquals("13", refusal.headers().get("Retry-After"), "rounded up: a client waiting that long gets in");
        assertEquals("60", refusal.headers().get("X-RateLimit-Limit"), "the limit that refused, not the tightest");
        assertEquals("0", refusal.headers().get("X-RateLimit-Remaining"));
        assertEquals("13", refusal.headers().get("X-RateLimit-Reset"));
    }

    @Test
    void aTokenRefusalAndAnAddressRefusalSayWhatWasSpent() {
        Window tokens = new Window(Scope.KEY_TPM, 1000, 1200, Duration.ofSeconds(20));
        ApiException tokenRefusal = new Admission(List.of(KEY_RPM, tokens), tokens).refusal();
        assertEquals("Rate limit reached: 1000 tokens per minute per API key; retry in 20 s",
                tokenRefusal.getMessage());
        assertEquals("0", tokenRefusal.headers().get("X-RateLimit-Remaining-Tokens"));
        assertEquals("50", tokenRefusal.headers().get("X-RateLimit-Remaining"), "requests are still shown");

        Window address = new Window(Scope.IP_RPM, 100, 101, Duration.ofMillis(400));
        ApiException addressRefusal = new Admission(List.of(address), address).refusal();
        assertEquals("Rate limit reached: 100 requests per minute per client address; retry in 1 s",
                addressRefusal.getMessage(), "never 0 s: the window has not reset yet");
    }

    @Test
    void theAddressAdmissionMadeBeforeAKeyLookupCountsWithTheKeysOwn() {
        Window spentAddress = new Window(Scope.IP_RPM, 100, 101, Duration.ofSeconds(3));
        Admission address = new Admission(List.of(spentAddress), spentAddress);
        Admission key = new Admission(List.of(KEY_RPM, KEY_TPM), null);

        Admission both = key.and(address);

        assertFalse(both.admitted(), "the address had already spent its limit");
        assertEquals("Rate limit reached: 100 requests per minute per client address; retry in 3 s",
                both.refusal().getMessage());
        assertEquals("0", both.headers().get("X-RateLimit-Remaining"));
        assertEquals("800", both.headers().get("X-RateLimit-Remaining-Tokens"));
        assertEquals(key.headers(), key.and(null).headers(), "no earlier admission: the key's own");
    }
}
