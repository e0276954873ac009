package ai.citadel.gateway.service.audit;

import ai.citadel.gateway.repository.AuditEntry;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.Context;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * An append-only file of audit entries (one JSON line each) kept while PostgreSQL cannot take them, so a long
 * outage costs disk, not memory, and a restart loses nothing. Replay hands the entries back in the order they were
 * spooled; what it wrote, or moved to the dead letters, leaves the spool. The files hold prompts and answers, so
 * only their owner may read them.
 */
final class AuditSpool {

    private static final String ACTIVE = "audit-spool.ndjson";
    private static final String REPLAYING_SUFFIX = ".replaying";
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path directory;
    private final ObjectMapper json;
    private final AuditDeadLetters deadLetters;
    private long pendingEntries;
    /** Arrival of the oldest entry appended to the active file since it was started, or null. */
    private Instant activeOldest;
    /** Arrival of the entry the replay goes on from, in the sealed files, or null when none is sealed. */
    private Instant replayHead;

    AuditSpool(Path directory, ObjectMapper json, AuditDeadLetters deadLetters) {
        this.directory = directory;
        this.json = json;
        this.deadLetters = deadLetters;
        try {
            Files.createDirectories(directory, ownerOnly("rwx------"));
            endCutLine(directory.resolve(ACTIVE));
            for (Path file : filesInReplayOrder()) {
                try (Stream<String> lines = Files.lines(file)) {
                    pendingEntries += lines.filter(line -> !line.isBlank()).count();
                }
                if (replayHead == null) {
                    replayHead = firstArrival(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use audit spool directory " + directory, e);
        }
    }

    /**
     * Appends the bytes to the file and forces them to disk before returning; a file it creates is readable by its
     * owner only. Blocks on the disk, so never on an event loop.
     */
    static void appendDurably(Path file, byte[] bytes) {
        assert !Context.isOnEventLoopThread() : "an fsync'd append would block the event loop";
        try (FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND), ownerOnly("rw-------"))) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    /**
     * Ends a line a crash cut short (an append never finished), so that the next append starts a line of its own
     * instead of being glued to it and lost with it: the cut line alone then goes to the dead letters.
     */
    private static void endCutLine(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer last = ByteBuffer.allocate(1);
            channel.read(last, channel.size() - 1);
            if (last.get(0) == '\n') {
                return;
            }
        }
        appendDurably(file, new byte[] {'\n'});
    }

    synchronized boolean isEmpty() {
        return pendingEntries == 0;
    }

    synchronized long pendingEntries() {
        return pendingEntries;
    }

    /** How long the oldest spooled entry has waited since its request arrived; zero when the spool is empty. */
    synchronized Duration oldestAge() {
        Instant oldest = activeOldest == null ? replayHead
                : replayHead == null || activeOldest.isBefore(replayHead) ? activeOldest : replayHead;
        return pendingEntries == 0 || oldest == null ? Duration.ZERO : Duration.between(oldest, Instant.now());
    }

    /** Appends and forces the entries to disk before returning. */
    synchronized void append(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        StringBuilder lines = new StringBuilder();
        Instant oldest = activeOldest;
        for (AuditEntry entry : entries) {
            lines.append(toJson(entry)).append('\n');
            Instant arrival = entry.request().createdAt();
            if (oldest == null || arrival.isBefore(oldest)) {
                oldest = arrival;
            }
        }
        appendDurably(directory.resolve(ACTIVE), lines.toString().getBytes(StandardCharsets.UTF_8));
        activeOldest = oldest;
        pendingEntries += entries.size();
    }

    /**
     * Hands every spooled entry to {@code writer}, {@code batchSize} at a time, oldest first. The writer returns
     * the entries it could not write (PostgreSQL unreachable): the replay stops there and keeps them, and those
     * after them, for the next one. A line that cannot be read back goes to the dead letters.
     *
     * @return whether every entry spooled before the replay began has left the spool
     */
    boolean replay(int batchSize, UnaryOperator<List<AuditEntry>> writer) throws IOException {
        sealActiveFile();
        for (Path file : filesInReplayOrder()) {
            if (!file.getFileName().toString().endsWith(REPLAYING_SUFFIX)) {
                continue;
            }
            if (!replayFile(file, batchSize, writer)) {
                return false;
            }
            Files.delete(file);
        }
        synchronized (this) {
            replayHead = null;
        }
        return true;
    }

    /** @return whether the whole file left the spool; if not, it keeps what is left */
    private boolean replayFile(Path file, int batchSize, UnaryOperator<List<AuditEntry>> writer)
            throws IOException {
        boolean progressed = false;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            List<AuditEntry> batch = new ArrayList<>(batchSize);
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                AuditEntry entry = readOrDeadLetter(line);
                if (entry == null) {
                    progressed = true;
                    continue;
                }
                if (batch.isEmpty()) {
                    synchronized (this) {
                        replayHead = entry.request().createdAt();
                    }
                }
                batch.add(entry);
                if (batch.size() == batchSize) {
                    if (!replayBatch(batch, writer, file, progressed, reader)) {
                        return false;
                    }
                    progressed = true;
                    batch = new ArrayList<>(batchSize);
                }
            }
            return replayBatch(batch, writer, file, progressed, reader);
        }
    }

    /**
     * @param progressed whether entries before the batch already left the file
     * @param rest       the file's lines after the batch
     * @return whether the whole batch left the spool; if not, the file keeps what is left
     */
    private boolean replayBatch(List<AuditEntry> batch, UnaryOperator<List<AuditEntry>> writer, Path file,
                                boolean progressed, BufferedReader rest) throws IOException {
        List<AuditEntry> unwritten = batch.isEmpty() ? List.of() : writer.apply(batch);
        synchronized (this) {
            pendingEntries -= batch.size() - unwritten.size();
            if (!unwritten.isEmpty()) {
                replayHead = unwritten.getFirst().request().createdAt();
            }
        }
        if (unwritten.isEmpty()) {
            return true;
        }
        if (progressed || unwritten.size() < batch.size()) {
            keepOnly(file, unwritten, rest);
        }
        return false;
    }

    /**
     * Leaves in the file only what did not leave the spool, so the next replay neither writes records twice nor
     * dead-letters them twice. The file is replaced whole (written aside, forced, renamed over), so a crash leaves
     * either the old file or the new one.
     */
    private void keepOnly(Path file, List<AuditEntry> unwritten, BufferedReader rest) throws IOException {
        Path aside = directory.resolve(".rewrite-" + file.getFileName());
        try (FileChannel channel = FileChannel.open(aside, Set.of(StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING), ownerOnly("rw-------"));
             BufferedWriter out = new BufferedWriter(Channels.newWriter(channel,
                     StandardCharsets.UTF_8))) {
            for (AuditEntry entry : unwritten) {
                out.write(toJson(entry));
                out.write('\n');
            }
            rest.transferTo(out);
            out.flush();
            channel.force(false);
        }
        Files.move(aside, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private AuditEntry readOrDeadLetter(String line) {
        try {
            return json.readValue(line, AuditEntry.class);
        } catch (JsonProcessingException e) {
            deadLetters.addUnreadable(line, "unreadable spool line: " + e.getOriginalMessage());
            synchronized (this) {
                pendingEntries--;
            }
            return null;
        }
    }

    /** New appends go to a fresh file while the sealed one is replayed. */
    private synchronized void sealActiveFile() throws IOException {
        Path active = directory.resolve(ACTIVE);
        if (Files.exists(active)) {
            Files.move(active, directory.resolve("audit-spool-" + System.currentTimeMillis() + "-"
                    + System.nanoTime() + ".ndjson" + REPLAYING_SUFFIX));
            if (replayHead == null) {
                replayHead = activeOldest;
            }
            activeOldest = null;
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

    /** When the request of the file's first readable entry arrived, or null. */
    private Instant firstArrival(Path file) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                try {
                    return json.readValue(line, AuditEntry.class).request().createdAt();
                } catch (JsonProcessingException unreadable) {
                    // blank or cut short: the replay deals with it
                }
            }
            return null;
        }
    }

    private String toJson(AuditEntry entry) {
        try {
            return json.writeValueAsString(entry);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot serialise an audit entry", e);
        }
    }

    private static FileAttribute<?>[] ownerOnly(String permissions) {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString(permissions))} : new FileAttribute<?>[0];
    }
}
