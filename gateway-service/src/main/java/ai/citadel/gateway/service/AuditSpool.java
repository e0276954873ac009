package ai.citadel.gateway.service;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * An append-only file of audit entries (one JSON line each) kept while PostgreSQL cannot take them, so a long
 * outage costs disk, not memory, and a restart loses nothing. Replay hands the entries back in the order they were
 * spooled; a file is deleted only after all its entries were written.
 */
final class AuditSpool {

    private static final String ACTIVE = "audit-spool.ndjson";
    private static final String REPLAYING_SUFFIX = ".replaying";

    private final Path directory;
    private final ObjectMapper json;
    private long pendingEntries;

    AuditSpool(Path directory, ObjectMapper json) {
        this.directory = directory;
        this.json = json;
        try {
            Files.createDirectories(directory);
            for (Path file : filesInReplayOrder()) {
                try (Stream<String> lines = Files.lines(file)) {
                    pendingEntries += lines.filter(line -> !line.isBlank()).count();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use audit spool directory " + directory, e);
        }
    }

    synchronized boolean isEmpty() {
        return pendingEntries == 0;
    }

    synchronized long pendingEntries() {
        return pendingEntries;
    }

    /** Appends and forces the entries to disk before returning. */
    synchronized void append(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory.resolve(ACTIVE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
             OutputStream out = Channels.newOutputStream(channel)) {
            StringBuilder lines = new StringBuilder();
            for (AuditEntry entry : entries) {
                lines.append(json.writeValueAsString(entry)).append('\n');
            }
            out.write(lines.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            channel.force(false);
            pendingEntries += entries.size();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the audit spool in " + directory, e);
        }
    }

    /**
     * Hands every spooled entry to {@code writer}, {@code batchSize} at a time, oldest first. Stops at the first
     * batch the writer fails on (the exception propagates); what was not written stays spooled.
     */
    void replay(int batchSize, Consumer<List<AuditEntry>> writer) throws IOException {
        sealActiveFile();
        for (Path file : filesInReplayOrder()) {
            if (!file.getFileName().toString().endsWith(REPLAYING_SUFFIX)) {
                continue;
            }
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                List<AuditEntry> batch = new ArrayList<>(batchSize);
                String line;
                while ((line = reader.readLine()) != null) {
                    if (!line.isBlank()) {
                        batch.add(json.readValue(line, AuditEntry.class));
                    }
                    if (batch.size() == batchSize) {
                        writer.accept(batch);
                        batch = new ArrayList<>(batchSize);
                    }
                }
                writer.accept(batch);
            }
            // entries are written idempotently, so a crash before this delete only replays them again
            long replayed;
            try (Stream<String> lines = Files.lines(file)) {
                replayed = lines.filter(l -> !l.isBlank()).count();
            }
            Files.delete(file);
            synchronized (this) {
                pendingEntries -= replayed;
            }
        }
    }

    /** New appends go to a fresh file while the sealed one is replayed. */
    private synchronized void sealActiveFile() throws IOException {
        Path active = directory.resolve(ACTIVE);
        if (Files.exists(active)) {
            Files.move(active, directory.resolve("audit-spool-" + System.currentTimeMillis() + "-"
                    + System.nanoTime() + ".ndjson" + REPLAYING_SUFFIX));
        }
    }

    /** Sealed files by age, then the active one. */
    private List<Path> filesInReplayOrder() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(f -> f.getFileName().toString().startsWith("audit-spool"))
                    .sorted((a, b) -> {
                        boolean aActive = a.getFileName().toString().equals(ACTIVE);
                        boolean bActive = b.getFileName().toString().equals(ACTIVE);
                        return aActive != bActive ? Boolean.compare(aActive, bActive)
                                : a.getFileName().toString().compareTo(b.getFileName().toString());
                    })
                    .toList();
        }
    }
}
