package ai.citadel.commons.text;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UniqueIdsTest {

    @Test
    void idsAreVersion4UuidsOfTheIetfVariantAndDoNotRepeat() {
        Set<UUID> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            UUID id = UniqueIds.uuid();
            assertEquals(4, id.version());
            assertEquals(2, id.variant());
            assertEquals(id, UUID.fromString(id.toString()));
            assertTrue(seen.add(id), "repeated: " + id);
        }
    }
}
