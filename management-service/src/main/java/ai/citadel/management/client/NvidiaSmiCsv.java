package ai.citadel.management.client;

import ai.citadel.model.management.SystemResources.Gpu;
import ai.citadel.model.management.SystemResources.GpuProcess;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads what {@code nvidia-smi --format=csv,noheader,nounits} prints for {@link NvidiaSmi#GPU_QUERY} and
 * {@link NvidiaSmi#PROCESS_QUERY}: one line per GPU or process, fields separated by {@code ", "}, memory in MiB, and
 * {@code [N/A]} or {@code [Not Supported]} (older drivers) where a GPU lacks a figure, which becomes {@code null}.
 */
final class NvidiaSmiCsv {

    private static final long MIB = 1024L * 1024L;

    private NvidiaSmiCsv() {
    }

    /**
     * The GPUs of {@code gpus} ({@code index, uuid, name, memory.used, memory.total, utilization.gpu,
     * temperature.gpu}), each with its processes from {@code processes} ({@code gpu_uuid, pid, process_name,
     * used_memory}); {@code processes} {@code null} when that query failed.
     *
     * @throws IllegalArgumentException a line that is not such a record
     */
    static List<Gpu> parse(String gpus, String processes) {
        Map<String, List<GpuProcess>> byGpu = processes == null ? Map.of() : processesByGpu(processes);
        List<Gpu> result = new ArrayList<>();
        for (String line : lines(gpus)) {
            List<String> fields = fields(line);
            // the name is the only free text: it takes whatever lies between the fixed fields
            if (fields.size() < 7) {
                throw new IllegalArgumentException("not a GPU record: " + line);
            }
            int last = fields.size() - 1;
            String uuid = fields.get(1);
            Long index = number(fields.getFirst());
            if (index == null) {
                throw new IllegalArgumentException("not a GPU record: " + line);
            }
            result.add(new Gpu(index.intValue(), uuid, String.join(", ", fields.subList(2, last - 3)),
                    mebibytes(fields.get(last - 3)), mebibytes(fields.get(last - 2)),
                    integer(fields.get(last - 1)), integer(fields.get(last)),
                    processes == null ? null : byGpu.getOrDefault(uuid, List.of())));
        }
        return result;
    }

    private static Map<String, List<GpuProcess>> processesByGpu(String processes) {
        Map<String, List<GpuProcess>> byGpu = new LinkedHashMap<>();
        for (String line : lines(processes)) {
            List<String> fields = fields(line);
            Long pid = fields.size() < 4 ? null : number(fields.get(1));
            if (pid == null) {
                throw new IllegalArgumentException("not a GPU process record: " + line);
            }
            int last = fields.size() - 1;
            byGpu.computeIfAbsent(fields.getFirst(), uuid -> new ArrayList<>())
                    .add(new GpuProcess(pid, String.join(", ", fields.subList(2, last)), mebibytes(fields.get(last))));
        }
        return byGpu;
    }

    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private static List<String> fields(String line) {
        return Arrays.stream(line.split(",", -1)).map(String::strip).toList();
    }

    private static Long mebibytes(String field) {
        Long value = number(field);
        return value == null ? null : value * MIB;
    }

    private static Integer integer(String field) {
        Long value = number(field);
        return value == null ? null : value.intValue();
    }

    /** A whole number, or {@code null} for what nvidia-smi prints instead ({@code [N/A]}, {@code [Unknown Error]}). */
    private static Long number(String field) {
        try {
            return Long.parseLong(field);
        } catch (NumberFormatException notANumber) {
            return null;
        }
    }
}
