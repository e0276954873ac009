package ai.citadel.commons.security;

import io.quarkus.logging.Log;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Optional;

/** Refuses to start with a guessable token, and says once at start-up what an unset one means. */
@ApplicationScoped
class CredentialChecks {

    void check(@Observes StartupEvent started, AuthConfig config) {
        requireLength("CITADEL_SERVICE_TOKEN", config.serviceToken(), config.minimumTokenLength());
        requireLength("CITADEL_ADMIN_TOKEN", config.adminToken(), config.minimumTokenLength());
        if (config.serviceToken().isEmpty() && LaunchMode.current() == LaunchMode.NORMAL) {
            Log.warn("CITADEL_SERVICE_TOKEN is not set: calls from other Citadel services are refused (401) and "
                    + "this service sends no credential to them; set the same token on every service");
        }
    }

    static void requireLength(String variable, Optional<String> token, int minimum) {
        if (token.isPresent() && token.get().strip().length() < minimum) {
            throw new IllegalStateException(variable + " is shorter than " + minimum
                    + " characters: generate one, e.g. with 'openssl rand -hex 32'");
        }
    }
}
