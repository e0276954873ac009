package ai.citadel.management.client;

import ai.citadel.management.config.SystemConfig;
import ai.citadel.model.management.SystemResources.Gpu;
import ai.citadel.model.management.SystemResources.Gpus;
import io.quarkus.logging.Log;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * NVIDIA GPUs through the {@code nvidia-smi} command ({@code citadel.system.gpu.command}): one query for the GPUs,
 * one for the compute processes and the memory each holds. Blocking (a process runs): callers are on worker
 * threads.
 * Never fails: no nvidia-smi, a failing or slow one, or output it cannot read is an answer without GPUs that says why.
 */
@ApplicationScoped
public class NvidiaSmi {

    static final String GPU_QUERY =
            "--query-gpu=index,uuid,name,memory.used,memory.total,utilization.gpu,temperature.gpu";
    static final String PROCESS_QUERY = "--query-compute-apps=gpu_uuid,pid,process_name,used_memory";
    static final String FORMAT = "--format=csv,noheader,nounits";

    /** nvidia-smi prints a few lines per GPU and process; anything past this is not its output. */
    private static final int OUTPUT_LIMIT = 1 << 20;
    /** A message quoted in an answer, at most. */
    private static final int MESSAGE_LIMIT = 300;

    private final String command;
    private final Duration timeout;
    private final ExecutorService readers = Executors.newVirtualThreadPerTaskExecutor();

    @Inject
    NvidiaSmi(SystemConfig config) {
        this(config.gpu().command(), config.gpu().timeout());
    }

    NvidiaSmi(String command, Duration timeout) {
        this.command = command;
        this.timeout = timeout;
    }

    /** The GPUs now, or none and why. */
    public Gpus read() {
        long deadline = System.nanoTime() + timeout.toNanos();
        Run gpus = run(GPU_QUERY, deadline);
        if (gpus.failure() != null) {
            return Gpus.none(gpus.failure());
        }
        Run processes = run(PROCESS_QUERY, deadline);
        try {
            List<Gpu> devices = NvidiaSmiCsv.parse(gpus.output(), processes.failure() == null ? processes.output() : null);
            // the GPUs are known even when their processes are not: say so rather than hide the GPUs
            return new Gpus(true, processes.failure() == null ? null
                    : "per-process memory unknown: " + processes.failure(), devices);
        } catch (IllegalArgumentException unreadable) {
            Log.warnf("nvidia-smi printed what Citadel cannot read: %s", unreadable.getMessage());
            return Gpus.none("nvidia-smi printed output Citadel cannot read: " + shorten(unreadable.getMessage()));
        }
    }

    /** One run of {@code nvidia-smi <query> --format=…}: its output, or why there is none. */
    private Run run(String query, long deadline) {
        Process process;
        try {
            process = new ProcessBuilder(command, query, FORMAT).start();
            process.getOutputStream().close();
        } catch (IOException notThere) {
            // not installed (the usual case on a machine without NVIDIA GPUs), or not executable
            return Run.failed(command + " is not available (" + shorten(notThere.getMessage()) + "): no NVIDIA GPU");
        }
        CompletableFuture<String> output = read(process.getInputStream());
        CompletableFuture<String> errors = read(process.getErrorStream());
        try {
            if (!process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                return Run.failed(command + " did not answer within " + timeout.toMillis() + " ms");
            }
            // the process has ended: its pipes end too, shortly
            String out = output.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (process.exitValue() != 0) {
                String err = errors.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                // nvidia-smi says what went wrong on stdout ("NVIDIA-SMI has failed because …")
                String message = (out + "\n" + err).strip().lines().findFirst().orElse("");
                return Run.failed(command + " failed (exit " + process.exitValue() + "): " + shorten(message));
            }
            return new Run(out, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Run.failed(command + " was interrupted");
        } catch (ExecutionException | TimeoutException e) {
            return Run.failed(command + " output could not be read: " + e);
        } finally {
            // a no-op once it has exited; otherwise ends it (and anything it started, which could hold its pipes)
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    @PreDestroy
    void close() {
        readers.shutdownNow();
    }

    private CompletableFuture<String> read(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readNBytes(OUTPUT_LIMIT), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }, readers);
    }

    private static String shorten(String text) {
        String line = String.valueOf(text).strip();
        return line.length() <= MESSAGE_LIMIT ? line : line.substring(0, MESSAGE_LIMIT) + "…";
    }

    private record Run(String output, String failure) {

        static Run failed(String failure) {
            return new Run(null, failure);
        }
    }
}
