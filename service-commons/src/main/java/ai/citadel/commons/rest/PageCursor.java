package ai.citadel.commons.rest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a page of a list ordered by {@code (created_at, id)} ended, given to the caller as an opaque
 * {@code cursor} (URL-safe Base64) that it passes back for the next page.
 */
public record PageCursor(Instant createdAt, UUID id) {

    /** The cursor a caller sent; null for none; a 400 naming {@code param} for one this service did not give out. */
    public static PageCursor parse(String cursor, String param) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return new PageCursor(Instant.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException e) {
            throw ApiException.badRequest(param + " is not one this service gave out", param);
        }
    }

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }
}
