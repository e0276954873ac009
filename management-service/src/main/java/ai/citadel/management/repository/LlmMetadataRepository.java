package ai.citadel.management.repository;

import ai.citadel.commons.db.DatabaseCalls;
import ai.citadel.commons.db.PgText;
import ai.citadel.model.ollama.OllamaModelDetails;
import ai.citadel.model.ollama.OllamaTagsResponse;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static ai.citadel.commons.db.PgColumns.column;

/**
 * {@code management.llm_metadata}, the model registry: one row per host and model, kept as the hosts list their
 * models and as pulls and deletes go. A model a host no longer lists keeps its row with status {@code deleted}.
 */
@ApplicationScoped
public class LlmMetadataRepository {

    /** What a host listed: upserted as available, seen now; the host's other available rows are marked deleted. */
    private static final String SEEN = """
            INSERT INTO management.llm_metadata AS m (host, name, digest, size_bytes, family, parameter_size,
                quantization, status, details, last_seen_at, updated_at)
            SELECT $1, r.name, r.digest, r.size_bytes, r.family, r.parameter_size, r.quantization, 'available',
                r.details, now(), now()
            FROM unnest($2::text[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[],
                $8::text[]::jsonb[]) AS r(name, digest, size_bytes, family, parameter_size, quantization, details)
            ON CONFLICT (host, name) DO UPDATE SET digest = excluded.digest, size_bytes = excluded.size_bytes,
                family = excluded.family, parameter_size = excluded.parameter_size,
                quantization = excluded.quantization, details = excluded.details,
                status = CASE WHEN m.status = 'pulling' THEN m.status ELSE 'available' END,
                last_seen_at = now(), updated_at = now()""";
    private static final String GONE = """
            UPDATE management.llm_metadata SET status = 'deleted', updated_at = now()
            WHERE host = $1 AND status = 'available' AND NOT (name = ANY($2::text[]))""";
    private static final String STATUS = """
            INSERT INTO management.llm_metadata AS m (host, name, status, details, pulled_at, updated_at)
            VALUES ($1, $2, $3, $4::jsonb, CASE WHEN $3 = 'available' THEN now() END, now())
            ON CONFLICT (host, name) DO UPDATE SET status = excluded.status,
                details = COALESCE(excluded.details, m.details),
                pulled_at = COALESCE(excluded.pulled_at, m.pulled_at), updated_at = now()""";

    private final Pool pool;
    private final DatabaseCalls calls;

    public LlmMetadataRepository(Pool pool, DatabaseCalls calls) {
        this.pool = pool;
        this.calls = calls;
    }

    /** Records what {@code host} lists now, in one transaction. */
    public Uni<Void> seen(String host, List<OllamaTagsResponse.Model> models) {
        String[] names = column(models, String[]::new, model -> PgText.text(model.name()));
        Tuple upsert = Tuple.tuple(List.of(host, names,
                column(models, String[]::new, model -> PgText.text(model.digest())),
                column(models, Long[]::new, OllamaTagsResponse.Model::size),
                column(models, String[]::new, model -> detail(model, OllamaModelDetails::family)),
                column(models, String[]::new, model -> detail(model, OllamaModelDetails::parameterSize)),
                column(models, String[]::new, model -> detail(model, OllamaModelDetails::quantizationLevel)),
                column(models, String[]::new, LlmMetadataRepository::details)));
        return calls.bounded(pool.withTransaction(connection -> connection.preparedQuery(SEEN).execute(upsert)
                .chain(() -> connection.preparedQuery(GONE).execute(Tuple.of(host, names))))).replaceWithVoid();
    }

    /**
     * Sets the status of one model on one host ({@code pulling}, {@code available} after a pull, {@code deleted},
     * {@code error}), with a note kept in {@code details} (e.g. {@code {"error": "…"}}); null keeps the old one.
     */
    public Uni<Void> status(String host, String name, String status, Map<String, Object> note) {
        return calls.bounded(pool.preparedQuery(STATUS).execute(Tuple.of(host, PgText.text(name), status,
                note == null ? null : PgText.json(new JsonObject(note).encode())))).replaceWithVoid();
    }

    private static String detail(OllamaTagsResponse.Model model, Function<OllamaModelDetails, String> field) {
        return model.details() == null ? null : PgText.text(field.apply(model.details()));
    }

    /** What the columns leave out: format, families, parent model, modification time. */
    private static String details(OllamaTagsResponse.Model model) {
        JsonObject details = new JsonObject().put("modified_at", model.modifiedAt());
        if (model.details() != null) {
            details.put("format", model.details().format()).put("families", model.details().families())
                    .put("parent_model", model.details().parentModel());
        }
        return PgText.json(details.encode());
    }
}
