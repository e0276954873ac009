package ai.citadel.management.service.system;

import ai.citadel.management.client.NvidiaSmi;
import ai.citadel.model.management.SystemResources;
import ai.citadel.model.management.SystemResources.Cpu;
import ai.citadel.model.management.SystemResources.Disk;
import ai.citadel.model.management.SystemResources.Gpus;
import ai.citadel.model.management.SystemResources.Memory;
import ai.citadel.model.management.SystemResources.NetworkInterface;
import ai.citadel.model.management.SystemResources.Swap;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.GlobalMemory;
import oshi.hardware.HardwareAbstractionLayer;
import oshi.hardware.NetworkIF;
import oshi.software.os.OSFileStore;
import oshi.software.os.OperatingSystem;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.DoubleStream;
import java.util.stream.Stream;

/**
 * The machine this service runs on, read through OSHI (CPU, memory, swap, local file systems, network interfaces,
 * uptime) and {@link NvidiaSmi} (GPUs). Blocking (OSHI reads {@code /proc} and friends, nvidia-smi is a process):
 * called on worker threads.
 */
@ApplicationScoped
public class MachineResources {

    private final SingleFlight<Gpus> gpus;
    private final HardwareAbstractionLayer hardware;
    private final OperatingSystem os;
    private final CentralProcessor processor;
    /** CPU ticks at the last sample, and the share of busy time since the one before. */
    private long[] ticks;
    private volatile Double cpuUsage;

    MachineResources(NvidiaSmi nvidiaSmi) {
        this.gpus = new SingleFlight<>(nvidiaSmi::read);
        SystemInfo system = new SystemInfo();
        this.hardware = system.getHardware();
        this.os = system.getOperatingSystem();
        this.processor = hardware.getProcessor();
        this.ticks = processor.getSystemCpuLoadTicks();
    }

    /**
     * CPU use is a rate: it needs two readings apart. Sampled in the background, so that an answer never waits
     * for it and every answer means the same thing (busy time over the last interval).
     */
    @Scheduled(every = "${citadel.system.cpu-sample-interval}", delayed = "${citadel.system.cpu-sample-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void sampleCpu() {
        cpuUsage = percent(processor.getSystemCpuLoadBetweenTicks(ticks));
        ticks = processor.getSystemCpuLoadTicks();
    }

    public SystemResources read() {
        GlobalMemory memory = hardware.getMemory();
        long total = memory.getTotal();
        long available = memory.getAvailable();
        return new SystemResources(Instant.now(), os.getNetworkParams().getHostName(), os.toString(),
                os.getSystemUptime(), Instant.ofEpochSecond(os.getSystemBootTime()),
                new Cpu(processor.getProcessorIdentifier().getName().strip(), processor.getPhysicalProcessorCount(),
                        processor.getLogicalProcessorCount(), loadAverage(), cpuUsage()),
                new Memory(total, total - available, available, share(total - available, total)),
                new Swap(memory.getVirtualMemory().getSwapTotal(), memory.getVirtualMemory().getSwapUsed()),
                disks(), network(), gpus.get());
    }

    /** Until the first sample, the use since start-up. */
    private Double cpuUsage() {
        Double sampled = cpuUsage;
        if (sampled != null) {
            return sampled;
        }
        synchronized (this) {
            return percent(processor.getSystemCpuLoadBetweenTicks(ticks));
        }
    }

    private List<Double> loadAverage() {
        double[] averages = processor.getSystemLoadAverage(3);
        // OSHI answers negative figures where the platform keeps none (Windows)
        return DoubleStream.of(averages).anyMatch(average -> average < 0) ? null
                : DoubleStream.of(averages).map(MachineResources::round).boxed().toList();
    }

    private List<Disk> disks() {
        return os.getFileSystem().getFileStores(true).stream()
                .filter(store -> store.getTotalSpace() > 0)
                .map(MachineResources::disk)
                .toList();
    }

    private static Disk disk(OSFileStore store) {
        long used = store.getTotalSpace() - store.getFreeSpace();
        // as df computes it: what is used of what users can have (the root reserve left out)
        return new Disk(store.getMount(), store.getVolume(), store.getType(), store.getTotalSpace(), used,
                store.getUsableSpace(), share(used, used + store.getUsableSpace()));
    }

    private List<NetworkInterface> network() {
        return hardware.getNetworkIFs().stream().map(MachineResources::networkInterface).toList();
    }

    private static NetworkInterface networkInterface(NetworkIF nic) {
        List<String> addresses = Stream.concat(Arrays.stream(nic.getIPv4addr()), Arrays.stream(nic.getIPv6addr()))
                .toList();
        return new NetworkInterface(nic.getName(), nic.getMacaddr(), addresses, nic.getBytesRecv(),
                nic.getBytesSent(), nic.getPacketsRecv(), nic.getPacketsSent(), nic.getSpeed());
    }

    private static double percent(double fraction) {
        return round(fraction * 100);
    }

    private static double share(long part, long whole) {
        return whole <= 0 ? 0 : percent((double) part / whole);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
