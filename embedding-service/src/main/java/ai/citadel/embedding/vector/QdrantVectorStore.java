package ai.citadel.embedding.vector;

import ai.citadel.embedding.client.QdrantClient;
import ai.citadel.embedding.client.QdrantClient.Operation;
import ai.citadel.embedding.repository.QdrantOutboxRepository;
import ai.citadel.embedding.repository.QdrantOutboxRepository.Entry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Qdrant adapter. Every write goes through the PostgreSQL outbox and is delivered in order right away; while
 * Qdrant is unreachable it stays queued (the caller hears {@link WriteOutcome#QUEUED}) and is replayed on a timer.
 * Reads fail with {@link VectorStoreUnavailableException} when Qdrant is unreachable or writes to the collection
 * are still queued: a search never answers from stale data.
 * <p>
 * Qdrant point ids are unsigned integers or UUIDs, so a Citadel id maps to a name-based UUID and travels in the
 * payload ({@code citadel_id}, with {@code text} and {@code metadata}).
 */
public class QdrantVectorStore implements VectorStore, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final QdrantClient qdrant;
    private final QdrantOutboxRepository outbox;
    private final Vertx vertx;
    private final AtomicBoolean replaying = new AtomicBoolean();
    private final long timer;

    public QdrantVectorStore(QdrantClient qdrant, QdrantOutboxRepository outbox, Vertx vertx, Duration replayInterval) {
        this.qdrant = qdrant;
        this.outbox = outbox;
        this.vertx = vertx;
        this.timer = vertx.setPeriodic(replayInterval.toMillis(), ignored -> replay());
    }

    @Override
    public Uni<WriteOutcome> upsert(String collection, int dimensions, VectorPoint point) {
        ObjectNode create = JSON.createObjectNode();
        create.putObject("vectors").put("size", dimensions).put("distance", "Cosine");
        ObjectNode upsert = JSON.createObjectNode();
        upsert.putArray("points").add(toQdrantPoint(point));
        // Creating is idempotent (409 counts as done), so every write may carry it: no local state to go stale
        return write(List.of(entry(collection, Operation.CREATE_COLLECTION, create),
                entry(collection, Operation.UPSERT, upsert)));
    }

    @Override
    public Uni<Boolean> delete(String collection, String id) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("points").add(pointId(id));
        return write(List.of(entry(collection, Operation.DELETE, body))).replaceWith(true);
    }

    @Override
    public Uni<Optional<VectorPoint>> find(String collection, String id) {
        return requireCurrent(collection).chain(() -> qdrant.retrieve(collection, pointId(id)))
                .map(found -> found.map(QdrantVectorStore::fromQdrantPoint))
                .onFailure(failure -> !(failure instanceof VectorStoreUnavailableException))
                .transform(QdrantVectorStore::unavailable);
    }

    @Override
    public Uni<List<VectorMatch>> search(String collection, float[] query, int limit, Map<String, Object> filter) {
        ObjectNode body = JSON.createObjectNode().put("limit", limit).put("with_payload", true);
        body.set("vector", JSON.valueToTree(query));
        if (filter != null && !filter.isEmpty()) {
            ArrayNode must = body.putObject("filter").putArray("must");
            filter.forEach((key, value) -> {
                ObjectNode condition = must.addObject().put("key", "metadata." + key);
                condition.putObject("match").set("value", JSON.valueToTree(value));
            });
        }
        return requireCurrent(collection).chain(() -> qdrant.search(collection, body))
                .map(hits -> {
                    List<VectorMatch> matches = new ArrayList<>();
                    hits.forEach(hit -> matches.add(new VectorMatch(fromQdrantPoint(hit), hit.path("score").asDouble())));
                    return matches;
                })
                .onFailure(failure -> !(failure instanceof VectorStoreUnavailableException))
                .transform(QdrantVectorStore::unavailable);
    }

    private Uni<WriteOutcome> write(List<Entry> entries) {
        return outbox.enqueue(entries)
                .call(this::deliver)
                .chain(outbox::isQueued)
                .map(queued -> queued ? WriteOutcome.QUEUED : WriteOutcome.APPLIED);
    }

    /** Delivers what is queued, after any delivery running now: the caller's own writes are then delivered too. */
    private Uni<Void> deliver() {
        return outbox.deliver(this::apply, true);
    }

    /** The periodic retry: skipped while a delivery runs here or in another replica. */
    private void replay() {
        if (!replaying.compareAndSet(false, true)) {
            return;
        }
        outbox.deliver(this::apply, false)
                .onTermination().invoke(() -> replaying.set(false))
                .subscribe().with(done -> { }, failure -> Log.debugf("Qdrant outbox replay failed: %s", failure));
    }

    private Uni<Void> apply(Entry entry) {
        return qdrant.apply(Operation.of(entry.op()), entry.collection(), JSON.valueToTree(entry.payload().getMap()));
    }

    /** Fails unless every queued write to the collection has reached Qdrant. */
    private Uni<Void> requireCurrent(String collection) {
        return deliver().chain(() -> outbox.hasQueued(collection)).invoke(queued -> {
            if (queued) {
                throw new VectorStoreUnavailableException("Qdrant is unreachable and writes to collection '"
                        + collection + "' are queued; searching now would miss them");
            }
        }).replaceWithVoid();
    }

    private static Entry entry(String collection, Operation operation, ObjectNode body) {
        return new Entry(0, collection, operation.wireName(), new JsonObject(body.toString()));
    }

    private static ObjectNode toQdrantPoint(VectorPoint point) {
        ObjectNode node = JSON.createObjectNode().put("id", pointId(point.id()));
        node.set("vector", JSON.valueToTree(point.vector()));
        ObjectNode payload = node.putObject("payload").put("citadel_id", point.id()).put("text", point.text());
        payload.set("metadata", JSON.valueToTree(point.metadata()));
        return node;
    }

    @SuppressWarnings("unchecked")
    private static VectorPoint fromQdrantPoint(JsonNode node) {
        JsonNode payload = node.path("payload");
        JsonNode vector = node.path("vector");
        float[] values = new float[vector.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) vector.get(i).asDouble();
        }
        return new VectorPoint(payload.path("citadel_id").asText(), values,
                payload.path("text").isTextual() ? payload.path("text").asText() : null,
                JSON.convertValue(payload.path("metadata"), Map.class));
    }

    static String pointId(String citadelId) {
        return UUID.nameUUIDFromBytes(citadelId.getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static Throwable unavailable(Throwable failure) {
        return new VectorStoreUnavailableException("Qdrant is unreachable: " + failure.getMessage());
    }

    @Override
    public void close() {
        vertx.cancelTimer(timer);
    }
}
