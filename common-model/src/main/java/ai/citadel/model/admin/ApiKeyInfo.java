package ai.citadel.model.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * A gateway API key as {@code /admin/api-keys} shows it. {@code key}, the secret, is present only in the answer
 * to its creation; it is never stored, so it can never be shown again.
 *
 * @param keyPrefix  the first characters of the secret, to recognise it
 * @param lastUsedAt approximate (written in batches)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyInfo(
        UUID id,
        String name,
        String key,
        @JsonProperty("key_prefix") String keyPrefix,
        @JsonProperty("created_at") OffsetDateTime createdAt,
        @JsonProperty("created_by") String createdBy,
        @JsonProperty("revoked_at") OffsetDateTime revokedAt,
        @JsonProperty("rpm_limit") Integer rpmLimit,
        @JsonProperty("tpm_limit") Integer tpmLimit,
        @JsonProperty("last_used_at") OffsetDateTime lastUsedAt) {
}
