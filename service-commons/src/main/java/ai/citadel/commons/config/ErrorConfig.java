package ai.citadel.commons.config;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Which error envelope a path gets. */
@ConfigMapping(prefix = "citadel.errors")
public interface ErrorConfig {

    /**
     * Path prefixes answered with the OpenAI error envelope (the gateway's {@code /v1/}); every other path gets
     * Citadel's {@code {"error":{"code","message","details"}}}.
     */
    Optional<List<String>> openaiPathPrefixes();
}
