package ai.citadel.gateway.service.security;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.commons.text.Sha256;
import ai.citadel.gateway.config.SecurityConfig;
import ai.citadel.gateway.repository.ApiKey;
import ai.citadel.gateway.repository.ApiKeyRepository;
import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * API keys: created with a secret shown once ({@code ck-} + 43 URL-safe characters, 256 random bits), stored as
 * its SHA-256, listed, revoked. Checking a key on the request path asks PostgreSQL at most once per key per
 * {@code citadel.security.key-cache-ttl}; while PostgreSQL is unreachable, keys already seen keep working.
 */
@ApplicationScoped
public class ApiKeyService {

    public static final String SECRET_PREFIX = "ck-";
    private static final int SECRET_BYTES = 32;
    /** {@code ck-} and 7 characters: enough to tell keys apart in a list, far too little to guess the rest. */
    private static final int DISPLAY_PREFIX_LENGTH = 10;

    /** A key just created and its secret, which exists nowhere else. */
    public record Created(ApiKey key, String secret) {
    }

    private record Cached(ApiKey key, long checkedAtNanos) {
    }

    private final ApiKeyRepository repository;
    private final SecurityMetrics metrics;
    private final long ttlNanos;
    private final Duration lookupTimeout;
    private final SecureRandom random = new SecureRandom();
    /** Valid keys by hash. Unknown hashes are not cached: the map stays as small as the set of real keys. */
    private final Map<String, Cached> byHash = new ConcurrentHashMap<>();
    /** Revoked here: a lookup that raced with the revoke must not put the key back. */
    private final Set<String> revokedHere = ConcurrentHashMap.newKeySet();
    private final Map<UUID, OffsetDateTime> lastUse = new ConcurrentHashMap<>();

    public ApiKeyService(ApiKeyRepository repository, SecurityMetrics metrics, SecurityConfig config) {
        this.repository = repository;
        this.metrics = metrics;
        this.ttlNanos = config.keyCacheTtl().toNanos();
        this.lookupTimeout = config.keyLookupTimeout();
    }

    public Uni<Created> create(String name, Integer rpmLimit, Integer tpmLimit, String createdBy) {
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
        return repository.insert(name.strip(), Sha256.hex(secret), secret.substring(0, DISPLAY_PREFIX_LENGTH),
                        createdBy, rpmLimit, tpmLimit)
                .map(key -> new Created(key, secret));
    }

    public Uni<List<ApiKey>> list() {
        return repository.list();
    }

    /** Revokes the key; it stops working on this replica at once, on the others within the cache TTL. */
    public Uni<ApiKey> revoke(UUID id) {
        return repository.revoke(id).map(revoked -> {
            ApiKey key = revoked.orElseThrow(() -> new ApiException(404, "api_key_not_found",
                    "No API key with id " + id, "id"));
            revokedHere.add(key.keyHash());
            byHash.remove(key.keyHash());
            return key;
        });
    }

    /** The key of this hash when it was checked within the cache TTL; nothing is asked. */
    public Optional<ApiKey> trusted(String hash) {
        Cached cached = byHash.get(hash);
        return cached != null && System.nanoTime() - cached.checkedAtNanos() < ttlNanos
                ? Optional.of(used(cached.key())) : Optional.empty();
    }

    /**
     * Asks PostgreSQL about a key (see {@link #trusted} for the cheap check first).
     *
     * @param hash the SHA-256 hex of the bearer token the caller sent
     * @return the key, empty when it is unknown or revoked; fails with 503 only when PostgreSQL cannot be asked
     *         about a key never seen before
     */
    public Uni<Optional<ApiKey>> authenticate(String hash) {
        Cached cached = byHash.get(hash);
        return repository.findByHash(hash)
                .ifNoItem().after(lookupTimeout).fail()
                .map(found -> {
                    Optional<ApiKey> valid = found.filter(key -> !key.revoked() && !revokedHere.contains(hash));
                    valid.ifPresentOrElse(key -> byHash.put(hash, new Cached(key, System.nanoTime())),
                            () -> byHash.remove(hash));
                    return valid.map(this::used);
                })
                .onFailure().recoverWithUni(failure -> {
                    if (cached == null) {
                        Log.warnf("Cannot check an API key never seen before: PostgreSQL unreachable (%s)",
                                failure.toString());
                        return Uni.createFrom().failure(new ApiException(503, "auth_unavailable",
                                "API keys cannot be checked right now; retry shortly", null));
                    }
                    Log.warnf("PostgreSQL unreachable (%s): API key %s accepted from the cache", failure.toString(),
                            cached.key().id());
                    metrics.keyServedStale();
                    // trusted for another TTL, so an outage costs one slow lookup per key per TTL, not one per request
                    byHash.put(hash, new Cached(cached.key(), System.nanoTime()));
                    return Uni.createFrom().item(Optional.of(used(cached.key())));
                });
    }

    /** Writes the approximate {@code last_used_at} of the keys used since the last run, in one statement. */
    @Scheduled(every = "${citadel.security.last-used-flush-interval}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> flushLastUse() {
        Map<UUID, OffsetDateTime> batch = new HashMap<>(lastUse);
        batch.forEach(lastUse::remove);
        return repository.touch(batch).onFailure().recoverWithItem(failure -> {
            Log.debugf("last_used_at not written (%s); kept for the next run", failure.toString());
            batch.forEach((id, at) -> lastUse.merge(id, at, (a, b) -> a.isAfter(b) ? a : b));
            return null;
        });
    }

    private ApiKey used(ApiKey key) {
        lastUse.put(key.id(), OffsetDateTime.now());
        return key;
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[SECRET_BYTES];
        random.nextBytes(bytes);
        return bytes;
    }
}
