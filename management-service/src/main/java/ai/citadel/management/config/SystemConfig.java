package ai.citadel.management.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the system views read and call (docs/management.md#system): GPUs, data directories, Citadel's services. */
@ConfigMapping(prefix = "citadel.system")
public interface SystemConfig {

    /** The CPU's share of busy time is measured over this interval, in the background. */
    @WithDefault("5s")
    Duration cpuSampleInterval();

    Gpu gpu();

    /**
     * Directories whose disk use {@code /management/system/storage-usage} reports (the Ollama model store when
     * Ollama runs on this machine, PostgreSQL's data, the gateway's audit spool …); none by default.
     */
    Optional<List<Path>> dataDirectories();

    /** Longest walk of one data directory; a walk cut short says so ({@code complete: false}). */
    @WithDefault("10s")
    Duration directoryScanTimeout();

    /** Citadel's services {@code /management/services} reports on, by name. */
    Map<String, Service> services();

    /** Longest wait for one service's readiness. */
    @WithDefault("3s")
    Duration serviceTimeout();

    interface Gpu {
        /** {@code nvidia-smi}, found on the PATH, or a full path; not found means no GPU, not an error. */
        @WithDefault("nvidia-smi")
        String command();

        /** Longest wait for nvidia-smi's answers (both queries together). */
        @WithDefault("5s")
        Duration timeout();
    }

    interface Service {
        /** Base URL; its readiness is {@code <url>/health/ready}. */
        URI url();
    }
}
