package ai.citadel.management.client;

import ai.citadel.model.management.SystemResources.Gpu;
import ai.citadel.model.management.SystemResources.GpuProcess;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What nvidia-smi prints with {@code --format=csv,noheader,nounits}, as drivers of several generations print it. */
class NvidiaSmiCsvTest {

    private static final long MIB = 1024L * 1024L;

    @Test
    void readsEachGpuWithItsProcesses() {
        List<Gpu> gpus = NvidiaSmiCsv.parse("""
                0, GPU-5f8e2a1c-3b7d-4e96-a0c2-9d41f7b83e15, NVIDIA H100 80GB HBM3, 42317, 81559, 37, 45
                1, GPU-b24c7d90-e1f3-4a58-8c6d-27e9a0f5d431, NVIDIA H100 80GB HBM3, 4, 81559, 0, 31
                """, """
                GPU-5f8e2a1c-3b7d-4e96-a0c2-9d41f7b83e15, 48213, /usr/local/bin/ollama, 41786
                GPU-5f8e2a1c-3b7d-4e96-a0c2-9d41f7b83e15, 51377, python3, 512
                """);

        assertEquals(List.of(
                new Gpu(0, "GPU-5f8e2a1c-3b7d-4e96-a0c2-9d41f7b83e15", "NVIDIA H100 80GB HBM3", 42317 * MIB,
                        81559 * MIB, 37, 45, List.of(
                        new GpuProcess(48213, "/usr/local/bin/ollama", 41786 * MIB),
                        new GpuProcess(51377, "python3", 512 * MIB))),
                new Gpu(1, "GPU-b24c7d90-e1f3-4a58-8c6d-27e9a0f5d431", "NVIDIA H100 80GB HBM3", 4 * MIB,
                        81559 * MIB, 0, 31, List.of())), gpus);
    }

    @Test
    void figuresAGpuLacksAreNull() {
        // a laptop GPU: no utilisation figure ([N/A] since driver 440, [Not Supported] before)
        Gpu gpu = NvidiaSmiCsv.parse("0, GPU-e18afb8d-1627-f8ff-2ba3-c05c5a8e9e67, Quadro P520, 2004, 2004, [N/A], 44",
                "").getFirst();
        assertNull(gpu.utilizationPercent());
        assertEquals(44, gpu.temperatureCelsius());
        assertEquals(2004 * MIB, gpu.memoryTotalBytes());

        Gpu older = NvidiaSmiCsv.parse(
                "0, GPU-09cb2925-9d01-5ca4-810b-6cdebe86b71a, GeForce GT 730, [Not Supported], [Not Supported], "
                        + "[Not Supported], 38", "").getFirst();
        assertNull(older.memoryUsedBytes());
        assertNull(older.memoryTotalBytes());
        assertEquals("GeForce GT 730", older.name());
    }

    @Test
    void aProcessWithoutAMemoryFigureKeepsItsPlace() {
        // MIG instances report no per-process memory
        Gpu gpu = NvidiaSmiCsv.parse("0, GPU-1, NVIDIA A100-SXM4-40GB, 9000, 40960, [N/A], 35",
                "GPU-1, 4242, /usr/bin/ollama, [N/A]\n").getFirst();
        assertEquals(List.of(new GpuProcess(4242, "/usr/bin/ollama", null)), gpu.processes());
    }

    @Test
    void processesOfAFailedQueryAreUnknownRatherThanNone() {
        assertNull(NvidiaSmiCsv.parse("0, GPU-1, Tesla T4, 0, 15360, 0, 30", null).getFirst().processes());
    }

    @Test
    void aNameWithCommasStaysWhole() {
        assertEquals("Odd, Name", NvidiaSmiCsv.parse("0, GPU-1, Odd, Name, 1, 2, 3, 4", "").getFirst().name());
        assertEquals("a, b", NvidiaSmiCsv.parse("0, GPU-1, x, 1, 2, 3, 4", "GPU-1, 7, a, b, 5")
                .getFirst().processes().getFirst().name());
    }

    @Test
    void noGpusIsAnEmptyList() {
        assertTrue(NvidiaSmiCsv.parse("\n", "").isEmpty());
    }

    @Test
    void linesThatAreNotRecordsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> NvidiaSmiCsv.parse(
                "No devices were found", ""));
        assertThrows(IllegalArgumentException.class, () -> NvidiaSmiCsv.parse(
                "GPU-1, 0, x, 1, 2, 3, 4", ""));
        assertThrows(IllegalArgumentException.class, () -> NvidiaSmiCsv.parse(
                "0, GPU-1, x, 1, 2, 3, 4", "No running processes found"));
    }
}
