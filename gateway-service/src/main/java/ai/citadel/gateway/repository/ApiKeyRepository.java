package ai.citadel.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@code gateway.api_keys} through the reactive client. */
@ApplicationScoped
public class ApiKeyRepository {

    private static final String COLUMNS =
            "id, name, key_hash, key_prefix, created_at, created_by, revoked_at, rpm_limit, tpm_limit, last_used_at";

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<ApiKey> insert(String name, String keyHash, String keyPrefix, String createdBy, Integer rpmLimit,
                              Integer tpmLimit) {
        return pool.preparedQuery("INSERT INTO gateway.api_keys (name, key_hash, key_prefix, created_by, rpm_limit, "
                        + "tpm_limit) VALUES ($1, $2, $3, $4, $5, $6) RETURNING " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(name, keyHash, keyPrefix, createdBy, rpmLimit, tpmLimit)))
                .map(rows -> toApiKey(rows.iterator().next()));
    }

    /** Every key, revoked ones included, newest first. */
    public Uni<List<ApiKey>> list() {
        return pool.query("SELECT " + COLUMNS + " FROM gateway.api_keys ORDER BY created_at DESC, id")
                .execute()
                .map(ApiKeyRepository::toApiKeys);
    }

    public Uni<Optional<ApiKey>> findByHash(String keyHash) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM gateway.api_keys WHERE key_hash = $1")
                .execute(Tuple.of(keyHash))
                .map(rows -> toApiKeys(rows).stream().findFirst());
    }

    /**
     * Revokes the key (a second revoke keeps the first time).
     *
     * @return the key as revoked, empty when there is no such key
     */
    public Uni<Optional<ApiKey>> revoke(UUID id) {
        return pool.preparedQuery("UPDATE gateway.api_keys SET revoked_at = coalesce(revoked_at, now()) "
                        + "WHERE id = $1 RETURNING " + COLUMNS)
                .execute(Tuple.of(id))
                .map(rows -> toApiKeys(rows).stream().findFirst());
    }

    /** Records when keys were last used, in one statement; never moves a time backwards. */
    public Uni<Void> touch(Map<UUID, OffsetDateTime> lastUse) {
        if (lastUse.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<UUID> ids = new ArrayList<>(lastUse.keySet());
        List<OffsetDateTime> times = ids.stream().map(lastUse::get).toList();
        return pool.preparedQuery("UPDATE gateway.api_keys k SET last_used_at = greatest(k.last_used_at, u.at) "
                        + "FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, at) WHERE k.id = u.id")
                .execute(Tuple.of(ids.toArray(UUID[]::new), times.toArray(OffsetDateTime[]::new)))
                .replaceWithVoid();
    }

    private static List<ApiKey> toApiKeys(RowSet<Row> rows) {
        List<ApiKey> keys = new ArrayList<>(rows.size());
        rows.forEach(row -> keys.add(toApiKey(row)));
        return keys;
    }

    private static ApiKey toApiKey(Row row) {
        return new ApiKey(row.getUUID("id"), row.getString("name"), row.getString("key_hash"),
                row.getString("key_prefix"), row.getOffsetDateTime("created_at"), row.getString("created_by"),
                row.getOffsetDateTime("revoked_at"), row.getInteger("rpm_limit"), row.getInteger("tpm_limit"),
                row.getOffsetDateTime("last_used_at"));
    }
}
