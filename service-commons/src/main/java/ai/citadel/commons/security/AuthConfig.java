package ai.citadel.commons.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Optional;

/**
 * Citadel's own credentials, shared by every service (docs/architecture.md#security-model). Neither token has a
 * default: an installation generates them (e.g. {@code openssl rand -hex 32}).
 */
@ConfigMapping(prefix = "citadel.auth")
public interface AuthConfig {

    /**
     * {@code CITADEL_SERVICE_TOKEN}: the secret every Citadel service of one installation sends to the others and
     * accepts from them (role {@code service}). Unset: calls between services are refused, and this service sends
     * none.
     */
    Optional<String> serviceToken();

    /**
     * {@code CITADEL_ADMIN_TOKEN}: the bootstrap operator credential for installations without an OIDC issuer (roles
     * {@code admin} and {@code operator}), like LiteLLM's master key. Unset: only OIDC operators exist.
     */
    Optional<String> adminToken();

    /** Shortest token accepted at start-up; a shorter one stops the service. */
    @WithDefault("32")
    int minimumTokenLength();
}
