package ai.citadel.gateway.service.generation;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.gateway.config.GatewayConfig;
import ai.citadel.gateway.config.GatewayConfig.Profile;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.TreeMap;

/** The configured agent streaming profiles (voice, copilot, gui …) and the plain endpoints' default one. */
@ApplicationScoped
public class StreamingProfiles {

    /** A profile and its name, as metrics and audit label it. */
    public record NamedProfile(String name, Profile profile) {
    }

    private final Map<String, Profile> profiles;
    private final String defaultProfile;

    public StreamingProfiles(GatewayConfig config) {
        this.profiles = new TreeMap<>(config.streaming().profiles());
        this.defaultProfile = config.streaming().defaultProfile();
        if (!profiles.containsKey(defaultProfile)) {
            throw new IllegalStateException("citadel.streaming.default-profile names no profile: " + defaultProfile);
        }
    }

    public NamedProfile standard() {
        return named(defaultProfile);
    }

    /**
     * @throws ApiException 400 listing the known profiles
     */
    public NamedProfile named(String name) {
        Profile profile = name == null ? null : profiles.get(name);
        if (profile == null) {
            throw ApiException.badRequest("Unknown agent_type '" + name + "'; known: "
                    + String.join(", ", profiles.keySet()), "agent_type");
        }
        return new NamedProfile(name, profile);
    }
}
