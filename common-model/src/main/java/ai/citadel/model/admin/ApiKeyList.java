package ai.citadel.model.admin;

import java.util.List;

/** {@code GET /admin/api-keys}: every key, revoked ones included, newest first; never a secret. */
public record ApiKeyList(List<ApiKeyInfo> data) {
}
