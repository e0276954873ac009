package ai.citadel.commons.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;

/** HTTP hardening shared by every service (docs/architecture.md#http-hardening). */
@ConfigMapping(prefix = "citadel.http")
public interface HttpConfig {

    /**
     * Path prefixes answered without {@code Content-Security-Policy}: the JSON APIs, which no browser renders, and
     * the dev-mode UIs, which a {@code default-src 'none'} policy would break. Every other path gets it.
     */
    @WithDefault("/v1/,/api/,/q/swagger-ui,/q/dev-ui")
    List<String> cspExemptPathPrefixes();
}
