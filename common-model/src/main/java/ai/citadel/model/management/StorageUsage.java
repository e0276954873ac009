package ai.citadel.model.management;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * Where the platform's bytes are, {@code GET /management/system/storage-usage}: each Ollama host's model store
 * (the sizes {@code /api/tags} lists) and the configured data directories on this machine.
 */
public record StorageUsage(
        @JsonProperty("model_stores") List<ModelStore> modelStores,
        List<Directory> directories) {

    /**
     * @param status     {@code ok}, {@code unavailable} (not reached, too slow, a 5xx, circuit open) or {@code error}
     * @param error      why the host gave no list; absent when {@code ok}
     * @param models     how many models the host holds; absent unless {@code ok}
     * @param totalBytes their sizes added up; absent unless {@code ok}
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ModelStore(
            String host,
            String status,
            String error,
            Integer models,
            @JsonProperty("total_bytes") Long totalBytes) {
    }

    /**
     * A data directory: what its files add up to (a walk, as {@code du} makes) and the file system it lives on.
     *
     * @param sizeBytes            the regular files' sizes added up (links not followed)
     * @param complete             {@code false} when the walk was cut at its deadline or met unreadable entries:
     *                             the size is then a lower bound
     * @param filesystemTotalBytes the size of the file system that holds it
     * @param filesystemFreeBytes  what can still be written there
     * @param error                why there are no figures (missing, not a directory)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Directory(
            String path,
            boolean exists,
            @JsonProperty("size_bytes") Long sizeBytes,
            Long files,
            Boolean complete,
            @JsonProperty("filesystem_total_bytes") Long filesystemTotalBytes,
            @JsonProperty("filesystem_free_bytes") Long filesystemFreeBytes,
            String error) {
    }
}
