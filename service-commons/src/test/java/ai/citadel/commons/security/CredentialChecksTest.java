package ai.citadel.commons.security;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CredentialChecksTest {

    @Test
    void aTokenShorterThanTheMinimumStopsTheService() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> CredentialChecks.requireLength("CITADEL_ADMIN_TOKEN", Optional.of("x".repeat(31)), 32));
        assertTrue(refused.getMessage().contains("CITADEL_ADMIN_TOKEN"), refused.getMessage());
        assertFalse(refused.getMessage().contains("xxxx"), "the token itself is never shown");
        // padding with spaces does not make a token longer
        assertThrows(IllegalStateException.class, () -> CredentialChecks.requireLength("CITADEL_SERVICE_TOKEN",
                Optional.of("  " + "x".repeat(30) + "  "), 32));
    }

    @Test
    void longEnoughOrUnsetTokensAreAccepted() {
        assertDoesNotThrow(() -> CredentialChecks.requireLength("CITADEL_ADMIN_TOKEN", Optional.of("x".repeat(32)), 32));
        assertDoesNotThrow(() -> CredentialChecks.requireLength("CITADEL_ADMIN_TOKEN", Optional.empty(), 32));
    }

    @Test
    void onlyBearerTokensAreRead() {
        assertEquals("abc", CitadelAuthenticationMechanism.bearerToken("Bearer abc"));
        assertEquals("abc", CitadelAuthenticationMechanism.bearerToken("bearer  abc "));
        assertNull(CitadelAuthenticationMechanism.bearerToken("Basic YWxhZGRpbjpvcGVu"));
        assertNull(CitadelAuthenticationMechanism.bearerToken("Bearer "));
        assertNull(CitadelAuthenticationMechanism.bearerToken(null));
    }
}
