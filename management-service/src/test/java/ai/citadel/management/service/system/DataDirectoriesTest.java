package ai.citadel.management.service.system;

import ai.citadel.model.management.StorageUsage.Directory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataDirectoriesTest {

    @TempDir
    Path root;

    @Test
    void addsUpTheFilesBelowADirectoryWithoutFollowingLinks() throws IOException {
        Path models = Files.createDirectories(root.resolve("models/blobs"));
        Files.write(models.resolve("sha256-a"), new byte[3000]);
        Files.write(models.resolve("sha256-b"), new byte[500]);
        Files.writeString(root.resolve("models/manifest"), "{}");
        Path elsewhere = Files.write(root.resolve("elsewhere.bin"), new byte[100_000]);
        Files.createSymbolicLink(models.resolve("link"), elsewhere);

        Directory directory = new DataDirectories(List.of(root.resolve("models")), Duration.ofSeconds(10))
                .usage().getFirst();

        assertEquals(root.resolve("models").toString(), directory.path());
        assertTrue(directory.exists());
        assertEquals(3502L, directory.sizeBytes());
        assertEquals(3L, directory.files());
        assertEquals(Boolean.TRUE, directory.complete());
        assertTrue(directory.filesystemTotalBytes() > 0);
        assertTrue(directory.filesystemFreeBytes() <= directory.filesystemTotalBytes());
        assertNull(directory.error());
    }

    @Test
    void aMissingDirectoryOrAFileIsReportedNotThrown() throws IOException {
        Path file = Files.writeString(root.resolve("plain.txt"), "x");

        List<Directory> usage = new DataDirectories(List.of(root.resolve("gone"), file), Duration.ofSeconds(10))
                .usage();

        assertFalse(usage.getFirst().exists());
        assertEquals("does not exist", usage.getFirst().error());
        assertNull(usage.getFirst().sizeBytes());
        assertTrue(usage.getLast().exists());
        assertEquals("not a directory", usage.getLast().error());
    }

    @Test
    void aWalkPastItsDeadlineSaysItIsIncomplete() throws IOException {
        Files.write(Files.createDirectories(root.resolve("a/b")).resolve("f"), new byte[10]);

        Directory directory = new DataDirectories(List.of(root), Duration.ZERO).usage().getFirst();

        assertEquals(Boolean.FALSE, directory.complete());
        assertTrue(directory.sizeBytes() < 10, "stopped before it read the file");
    }

    @Test
    void noDirectoriesConfiguredIsAnEmptyList() {
        assertTrue(new DataDirectories(List.of(), Duration.ofSeconds(1)).usage().isEmpty());
    }
}
