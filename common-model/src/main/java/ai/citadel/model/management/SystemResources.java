package ai.citadel.model.management;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;
import java.util.List;

/**
 * The machine the management service runs on, {@code GET /management/system/resources} (and seed 003's
 * {@code GET /api/v1/metrics/system}). Sizes are bytes; a figure the platform cannot report is {@code null}.
 *
 * @param collectedAt   when the figures were read
 * @param uptimeSeconds since the machine booted
 * @param gpu           NVIDIA GPUs through {@code nvidia-smi}; says why there are none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SystemResources(
        @JsonProperty("collected_at") Instant collectedAt,
        String hostname,
        String os,
        @JsonProperty("uptime_seconds") long uptimeSeconds,
        @JsonProperty("boot_time") Instant bootTime,
        Cpu cpu,
        Memory memory,
        Swap swap,
        List<Disk> disks,
        List<NetworkInterface> network,
        Gpus gpu) {

    /**
     * @param loadAverage  1, 5 and 15 minute load averages; {@code null} where the platform has none (Windows)
     * @param usagePercent share of CPU time busy over the last sampling interval, 0–100
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Cpu(
            String model,
            @JsonProperty("physical_cores") int physicalCores,
            @JsonProperty("logical_cores") int logicalCores,
            @JsonProperty("load_average") List<Double> loadAverage,
            @JsonProperty("usage_percent") Double usagePercent) {
    }

    /** @param availableBytes what new programs can use without swapping (Linux {@code MemAvailable}) */
    public record Memory(
            @JsonProperty("total_bytes") long totalBytes,
            @JsonProperty("used_bytes") long usedBytes,
            @JsonProperty("available_bytes") long availableBytes,
            @JsonProperty("usage_percent") double usagePercent) {
    }

    public record Swap(
            @JsonProperty("total_bytes") long totalBytes,
            @JsonProperty("used_bytes") long usedBytes) {
    }

    /**
     * One mounted local file system.
     *
     * @param device     what is mounted ({@code /dev/nvme0n1p2})
     * @param type       {@code ext4}, {@code xfs} …
     * @param freeBytes  what an unprivileged process may still write
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Disk(
            String mount,
            String device,
            String type,
            @JsonProperty("total_bytes") long totalBytes,
            @JsonProperty("used_bytes") long usedBytes,
            @JsonProperty("free_bytes") long freeBytes,
            @JsonProperty("usage_percent") double usagePercent) {
    }

    /**
     * One network interface, with its counters since boot.
     *
     * @param speedBitsPerSecond the link speed the interface reports ({@code 0} when unknown)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NetworkInterface(
            String name,
            @JsonProperty("mac_address") String macAddress,
            List<String> addresses,
            @JsonProperty("bytes_received") long bytesReceived,
            @JsonProperty("bytes_sent") long bytesSent,
            @JsonProperty("packets_received") long packetsReceived,
            @JsonProperty("packets_sent") long packetsSent,
            @JsonProperty("speed_bits_per_second") long speedBitsPerSecond) {
    }

    /**
     * @param available whether {@code nvidia-smi} answered
     * @param reason    why there are no figures ({@code nvidia-smi} not installed, failed, too slow)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Gpus(boolean available, String reason, List<Gpu> devices) {

        public static Gpus none(String reason) {
            return new Gpus(false, reason, List.of());
        }
    }

    /**
     * One GPU as {@code nvidia-smi} reports it; a figure the GPU does not support ({@code [N/A]}) is {@code null}.
     *
     * @param processes the compute processes on it, with the GPU memory each holds
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Gpu(
            int index,
            String uuid,
            String name,
            @JsonProperty("memory_used_bytes") Long memoryUsedBytes,
            @JsonProperty("memory_total_bytes") Long memoryTotalBytes,
            @JsonProperty("utilization_percent") Integer utilizationPercent,
            @JsonProperty("temperature_celsius") Integer temperatureCelsius,
            List<GpuProcess> processes) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GpuProcess(
            long pid,
            String name,
            @JsonProperty("used_memory_bytes") Long usedMemoryBytes) {
    }
}
