package ai.citadel.commons.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TokenEstimatesTest {

    @Test
    void aboutFourCharactersATokenRoundedUp() {
        assertEquals(1, TokenEstimates.of("abcd"));
        assertEquals(2, TokenEstimates.of("abcde"));
        assertEquals(25, TokenEstimates.of("x".repeat(100)));
    }

    @Test
    void everyInputCountsAtLeastOne() {
        assertEquals(1, TokenEstimates.of(""));
        assertEquals(1, TokenEstimates.of("a"));
    }

    @Test
    void inputsAreCountedEachOnItsOwn() {
        // one token each, not one for the five characters together
        assertEquals(3, TokenEstimates.of(List.of("a", "bc", "d")));
        assertEquals(0, TokenEstimates.of(List.of()));
    }
}
