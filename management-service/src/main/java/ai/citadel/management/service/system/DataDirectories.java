package ai.citadel.management.service.system;

import ai.citadel.management.config.SystemConfig;
import ai.citadel.model.management.StorageUsage.Directory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;

/**
 * Disk use of the configured data directories ({@code citadel.system.data-directories}): each one walked as
 * {@code du} walks it, within a deadline, and the free space of its file system. Blocking (file system walks):
 * called on worker threads; concurrent callers share one walk.
 */
@ApplicationScoped
public class DataDirectories {

    private final List<Path> directories;
    private final Duration timeout;
    private final SingleFlight<List<Directory>> walks = new SingleFlight<>(this::measure);

    @Inject
    DataDirectories(SystemConfig config) {
        this(config.dataDirectories().orElse(List.of()), config.directoryScanTimeout());
    }

    DataDirectories(List<Path> directories, Duration timeout) {
        this.directories = List.copyOf(directories);
        this.timeout = timeout;
    }

    public List<Directory> usage() {
        return walks.get();
    }

    private List<Directory> measure() {
        long deadline = System.nanoTime() + timeout.toNanos();
        return directories.stream().map(directory -> measure(directory, deadline)).toList();
    }

    private static Directory measure(Path directory, long deadline) {
        String path = directory.toString();
        if (!Files.exists(directory)) {
            return new Directory(path, false, null, null, null, null, null, "does not exist");
        }
        if (!Files.isDirectory(directory)) {
            return new Directory(path, true, null, null, null, null, null, "not a directory");
        }
        Walk walk = new Walk(deadline);
        try {
            Files.walkFileTree(directory, walk);
            FileStore store = Files.getFileStore(directory);
            return new Directory(path, true, walk.bytes, walk.files, walk.complete, store.getTotalSpace(),
                    store.getUsableSpace(), null);
        } catch (IOException e) {
            return new Directory(path, true, walk.bytes, walk.files, false, null, null,
                    "could not be read: " + e.getMessage());
        }
    }

    /** Adds up regular files; symbolic links are not followed (as {@code du}), unreadable entries are skipped. */
    private static final class Walk extends SimpleFileVisitor<Path> {

        private final long deadline;
        private long bytes;
        private long files;
        private boolean complete = true;

        Walk(long deadline) {
            this.deadline = deadline;
        }

        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
            return inTime();
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
            if (attributes.isRegularFile()) {
                bytes += attributes.size();
                files++;
            }
            return inTime();
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException failure) {
            complete = false;
            return inTime();
        }

        private FileVisitResult inTime() {
            if (System.nanoTime() - deadline > 0) {
                complete = false;
                return FileVisitResult.TERMINATE;
            }
            return FileVisitResult.CONTINUE;
        }
    }
}
