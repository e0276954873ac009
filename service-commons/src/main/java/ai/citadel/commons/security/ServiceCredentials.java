package ai.citadel.commons.security;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The {@code Authorization} header a Citadel service sends to another Citadel service. REST client interfaces
 * towards Citadel services (never towards model servers) declare
 * {@code @ClientHeaderParam(name = "Authorization", value = "{ai.citadel.commons.security.ServiceCredentials.authorization}", required = false)}.
 */
public final class ServiceCredentials {

    private ServiceCredentials() {
    }

    /** {@code Bearer <CITADEL_SERVICE_TOKEN>}, {@code null} (no header) when no token is configured. */
    public static String authorization() {
        return ConfigProvider.getConfig().getOptionalValue("citadel.auth.service-token", String.class)
                .map(token -> "Bearer " + token).orElse(null);
    }
}
