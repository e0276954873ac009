package ai.citadel.commons.text;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import static org.junit.jupiter.api.Assertions.assertEquals;

class Sha256Test {

    @Test
    void isTheStandardDigestInLowerCaseHex() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.hex("abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.hex(""));
    }

    @Test
    void hashesTheUtf8Bytes() {
        assertEquals("4a99557e4033c3539de2eb65472017cad5f9557f7a0625a09f1c3f6e2ba69c4c", Sha256.hex("é"));
    }

    @Test
    void bytesArrivingInPiecesHashAsTheWhole() {
        MessageDigest digest = Sha256.digest();
        digest.update("a".getBytes(StandardCharsets.UTF_8));
        digest.update("bc".getBytes(StandardCharsets.UTF_8));
        assertEquals(Sha256.hex("abc"), Sha256.hex(digest));
        assertEquals(Sha256.hex(""), Sha256.hex(digest), "a completed digest starts again empty");
    }
}
