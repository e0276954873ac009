package ai.citadel.gateway.repository;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A row of {@code gateway.api_keys}. The secret itself is never stored, only its SHA-256.
 *
 * @param rpmLimit requests per minute, {@code null} = the configured default
 * @param tpmLimit tokens per minute, {@code null} = the configured default
 */
public record ApiKey(UUID id, String name, String keyHash, String keyPrefix, OffsetDateTime createdAt,
                     String createdBy, OffsetDateTime revokedAt, Integer rpmLimit, Integer tpmLimit,
                     OffsetDateTime lastUsedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
