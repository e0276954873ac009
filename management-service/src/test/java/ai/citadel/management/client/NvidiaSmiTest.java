package ai.citadel.management.client;

import ai.citadel.model.management.SystemResources.Gpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nvidia-smi as a process: present, absent, failing, hanging, talking nonsense. */
class NvidiaSmiTest {

    /** The stand-in the service tests use: the output of a real nvidia-smi. */
    private static final String FAKE = "src/test/resources/fake-nvidia-smi/nvidia-smi";

    @TempDir
    Path dir;

    @Test
    void readsTheGpusAndTheirProcesses() {
        Gpus gpus = new NvidiaSmi(FAKE, Duration.ofSeconds(10)).read();

        assertTrue(gpus.available());
        assertNull(gpus.reason());
        assertEquals(List.of(0, 1), gpus.devices().stream().map(gpu -> gpu.index()).toList());
        assertEquals(List.of("/usr/local/bin/ollama", "python3"),
                gpus.devices().getFirst().processes().stream().map(process -> process.name()).toList());
    }

    @Test
    void withoutNvidiaSmiThereIsNoGpuAndNoError() {
        Gpus gpus = new NvidiaSmi(dir.resolve("nvidia-smi").toString(), Duration.ofSeconds(5)).read();

        assertFalse(gpus.available());
        assertTrue(gpus.devices().isEmpty());
        assertTrue(gpus.reason().contains("no NVIDIA GPU"), gpus.reason());
    }

    @Test
    void aFailingNvidiaSmiIsReportedWithItsMessage() throws IOException {
        Path script = script("""
                echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running."
                exit 9
                """);

        Gpus gpus = new NvidiaSmi(script.toString(), Duration.ofSeconds(5)).read();

        assertFalse(gpus.available());
        assertTrue(gpus.reason().contains("failed (exit 9): NVIDIA-SMI has failed because it couldn't communicate"),
                gpus.reason());
    }

    @Test
    void aHangingNvidiaSmiIsCutAtTheTimeout() throws IOException {
        Path script = script("exec sleep 30\n");
        long start = System.nanoTime();

        Gpus gpus = new NvidiaSmi(script.toString(), Duration.ofMillis(300)).read();

        assertFalse(gpus.available());
        assertTrue(gpus.reason().contains("did not answer within 300 ms"), gpus.reason());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos(), "answered at the deadline");
    }

    @Test
    void outputThatIsNoRecordIsReportedNotThrown() throws IOException {
        Path script = script("echo 'No devices were found'\n");

        Gpus gpus = new NvidiaSmi(script.toString(), Duration.ofSeconds(5)).read();

        assertFalse(gpus.available());
        assertTrue(gpus.reason().contains("cannot read: ") && gpus.reason().endsWith("No devices were found"),
                gpus.reason());
    }

    @Test
    void gpusAreKeptWhenTheirProcessesCannotBeRead() throws IOException {
        Path script = script("""
                case "$1" in
                  --query-gpu=*) echo "0, GPU-1, Tesla T4, 0, 15360, 0, 30" ;;
                  *) echo "Failed to query compute apps: Insufficient Permissions"; exit 4 ;;
                esac
                """);

        Gpus gpus = new NvidiaSmi(script.toString(), Duration.ofSeconds(5)).read();

        assertTrue(gpus.available());
        assertEquals("Tesla T4", gpus.devices().getFirst().name());
        assertNull(gpus.devices().getFirst().processes());
        assertTrue(gpus.reason().contains("per-process memory unknown"), gpus.reason());
    }

    private Path script(String body) throws IOException {
        Path script = dir.resolve("nvidia-smi-" + System.nanoTime());
        Files.writeString(script, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return script;
    }
}
