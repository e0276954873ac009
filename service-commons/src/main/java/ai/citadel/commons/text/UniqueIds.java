package ai.citadel.commons.text;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Version-4 UUIDs for identifiers that must be unique but need not be unguessable (request ids, audit row ids,
 * completion ids): drawn from {@link ThreadLocalRandom}, without the lock and the system calls of
 * {@link UUID#randomUUID()}'s {@code SecureRandom}, which a request would otherwise pay several times over. Anything
 * a caller could use to reach data (conversation ids, keys, tokens) stays with {@code SecureRandom}.
 */
public final class UniqueIds {

    private UniqueIds() {
    }

    public static UUID uuid() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = random.nextLong() & ~0xF000L | 0x4000L; // version 4
        long low = random.nextLong() & ~(0xC000L << 48) | 0x8000L << 48; // IETF variant
        return new UUID(high, low);
    }
}
