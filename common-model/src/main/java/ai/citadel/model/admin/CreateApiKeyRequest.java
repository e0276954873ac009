package ai.citadel.model.admin;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /admin/api-keys} on the gateway.
 *
 * @param rpmLimit requests per minute; absent = the gateway's default
 * @param tpmLimit tokens per minute; absent = the gateway's default
 */
public record CreateApiKeyRequest(
        @NotBlank @Size(max = 200) String name,
        @JsonProperty("rpm_limit") @Positive Integer rpmLimit,
        @JsonProperty("tpm_limit") @Positive Integer tpmLimit) {
}
