package ai.citadel.gateway.repository;

import ai.citadel.commons.db.PgText;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Writes audit entries in batches: one multi-row insert per table ({@code unnest} of bound arrays), all in one
 * transaction. Rows already present are skipped, so a batch replayed after a crash is written once. Text goes through
 * {@link PgText}, so no NUL character fails a batch.
 */
@ApplicationScoped
public class AuditRepository {

    private static final String INSERT_REQUESTS = """
            INSERT INTO gateway.requests (request_id, created_at, endpoint, profile, model, backend, status,
                http_status, latency_ms, ttft_ms, prompt_tokens, completion_tokens, cached, api_key_id, client_ip,
                user_agent, conversation_id, error)
            SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[],
                $7::text[], $8::int[], $9::int[], $10::int[], $11::int[], $12::int[], $13::bool[], $14::uuid[],
                $15::text[]::inet[], $16::text[], $17::uuid[], $18::text[])
            ON CONFLICT DO NOTHING""";

    private static final String UPSERT_CONVERSATIONS = """
            INSERT INTO gateway.conversations (id, created_at, updated_at, api_key_id, client_ip, user_agent, model,
                message_count)
            SELECT id, at, at, key, ip, agent, model, added
            FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::text[]::inet[], $5::text[], $6::text[],
                $7::int[]) AS c(id, at, key, ip, agent, model, added)
            ON CONFLICT (id) DO UPDATE SET
                updated_at = greatest(gateway.conversations.updated_at, excluded.updated_at),
                model = excluded.model,
                message_count = gateway.conversations.message_count + excluded.message_count""";

    private static final String INSERT_MESSAGES = """
            INSERT INTO gateway.messages (id, conversation_id, request_id, seq, role, content, tool_calls,
                tool_call_id, name, created_at)
            SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::int[], $5::text[], $6::text[],
                $7::text[]::jsonb[], $8::text[], $9::text[], $10::timestamptz[])
            ON CONFLICT DO NOTHING""";

    private final Pool pool;

    public AuditRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Void> write(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<AuditEntry.Request> requests = entries.stream().map(AuditEntry::request).toList();
        Collection<AuditEntry.Conversation> conversations = mergedConversations(entries);
        List<AuditEntry.Message> messages = entries.stream().flatMap(e -> e.messages().stream()).toList();
        return pool.withTransaction(connection -> insertRequests(connection, requests)
                .chain(() -> conversations.isEmpty() ? Uni.createFrom().voidItem()
                        : upsertConversations(connection, conversations))
                .chain(() -> messages.isEmpty() ? Uni.createFrom().voidItem() : insertMessages(connection, messages)));
    }

    /** Creates the coming months' partitions; returns the names of those it created. */
    public Uni<List<String>> ensureMonthlyPartitions(int monthsAhead) {
        return functionRows("SELECT gateway.ensure_monthly_partitions($1) AS name", Tuple.of(monthsAhead));
    }

    /** Drops the partitions wholly older than the cutoff; returns their names. */
    public Uni<List<String>> dropPartitionsOlderThan(Instant cutoff) {
        return functionRows("SELECT gateway.drop_partitions_older_than($1::date) AS name",
                Tuple.of(cutoff.atOffset(ZoneOffset.UTC).toLocalDate()));
    }

    private Uni<List<String>> functionRows(String sql, Tuple arguments) {
        return pool.preparedQuery(sql).execute(arguments)
                .map(rows -> {
                    List<String> names = new ArrayList<>();
                    rows.forEach(row -> names.add(row.getString("name")));
                    return names;
                });
    }

    private Uni<Void> insertRequests(SqlClient client, List<AuditEntry.Request> rows) {
        return client.preparedQuery(INSERT_REQUESTS).execute(Tuple.tuple(List.of(
                text(rows, AuditEntry.Request::requestId),
                column(rows, OffsetDateTime[]::new, r -> utc(r.createdAt())),
                text(rows, AuditEntry.Request::endpoint),
                text(rows, AuditEntry.Request::profile),
                text(rows, AuditEntry.Request::model),
                text(rows, AuditEntry.Request::backend),
                text(rows, AuditEntry.Request::status),
                column(rows, Integer[]::new, AuditEntry.Request::httpStatus),
                column(rows, Integer[]::new, AuditEntry.Request::latencyMs),
                column(rows, Integer[]::new, AuditEntry.Request::ttftMs),
                column(rows, Integer[]::new, AuditEntry.Request::promptTokens),
                column(rows, Integer[]::new, AuditEntry.Request::completionTokens),
                column(rows, Boolean[]::new, AuditEntry.Request::cached),
                column(rows, UUID[]::new, AuditEntry.Request::apiKeyId),
                text(rows, AuditEntry.Request::clientIp),
                text(rows, AuditEntry.Request::userAgent),
                column(rows, UUID[]::new, AuditEntry.Request::conversationId),
                text(rows, AuditEntry.Request::error)))).replaceWithVoid();
    }

    private Uni<Void> upsertConversations(SqlClient client, Collection<AuditEntry.Conversation> rows) {
        List<AuditEntry.Conversation> list = List.copyOf(rows);
        return client.preparedQuery(UPSERT_CONVERSATIONS).execute(Tuple.tuple(List.of(
                column(list, UUID[]::new, AuditEntry.Conversation::id),
                column(list, OffsetDateTime[]::new, c -> utc(c.at())),
                column(list, UUID[]::new, AuditEntry.Conversation::apiKeyId),
                text(list, AuditEntry.Conversation::clientIp),
                text(list, AuditEntry.Conversation::userAgent),
                text(list, AuditEntry.Conversation::model),
                column(list, Integer[]::new, AuditEntry.Conversation::addedMessages)))).replaceWithVoid();
    }

    private Uni<Void> insertMessages(SqlClient client, List<AuditEntry.Message> rows) {
        return client.preparedQuery(INSERT_MESSAGES).execute(Tuple.tuple(List.of(
                column(rows, UUID[]::new, AuditEntry.Message::id),
                column(rows, UUID[]::new, AuditEntry.Message::conversationId),
                text(rows, AuditEntry.Message::requestId),
                column(rows, Integer[]::new, AuditEntry.Message::seq),
                text(rows, AuditEntry.Message::role),
                text(rows, AuditEntry.Message::content),
                column(rows, String[]::new, m -> PgText.json(m.toolCalls())),
                text(rows, AuditEntry.Message::toolCallId),
                text(rows, AuditEntry.Message::name),
                column(rows, OffsetDateTime[]::new, m -> utc(m.createdAt()))))).replaceWithVoid();
    }

    /** One upsert per conversation: PostgreSQL cannot update the same row twice in one statement. */
    private static Collection<AuditEntry.Conversation> mergedConversations(List<AuditEntry> entries) {
        Map<UUID, AuditEntry.Conversation> merged = new LinkedHashMap<>();
        for (AuditEntry entry : entries) {
            AuditEntry.Conversation c = entry.conversation();
            if (c != null) {
                merged.merge(c.id(), c, (earlier, later) -> new AuditEntry.Conversation(later.id(),
                        later.at().isAfter(earlier.at()) ? later.at() : earlier.at(), later.apiKeyId(),
                        later.clientIp(), later.userAgent(), later.model(),
                        earlier.addedMessages() + later.addedMessages()));
            }
        }
        return merged.values();
    }

    private static <R, T> T[] column(List<R> rows, IntFunction<T[]> array, Function<R, T> value) {
        T[] values = array.apply(rows.size());
        for (int i = 0; i < values.length; i++) {
            values[i] = value.apply(rows.get(i));
        }
        return values;
    }

    /** A text column: PostgreSQL refuses NUL characters. */
    private static <R> String[] text(List<R> rows, Function<R, String> value) {
        return column(rows, String[]::new, row -> PgText.text(value.apply(row)));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
