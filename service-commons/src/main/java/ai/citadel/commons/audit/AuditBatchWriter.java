package ai.citadel.commons.audit;

import io.quarkus.logging.Log;
import io.vertx.sqlclient.DatabaseException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Writes batches of audit records (docs/architecture.md#bad-data). PostgreSQL refuses a whole batch for one record it
 * cannot store (SQLSTATE class 22, data exception, 23, integrity constraint violation, or 54, a value beyond a limit
 * such as an index entry's size), and retrying it would fail for ever: such a batch is split in halves until each bad
 * record is alone, the bad ones are handed to {@code rejected} with the reason and every other one is written. Any
 * other failure means PostgreSQL is unreachable or too slow, so what is left is handed back to be tried again.
 *
 * @param <T> a record; the writer never looks inside
 */
public final class AuditBatchWriter<T> {

    private static final Set<String> DATA_ERROR_CLASSES = Set.of("22", "23", "54");

    /** One transactional write of a batch: all of it or nothing. */
    @FunctionalInterface
    public interface Sink<T> {
        /** @throws RuntimeException when PostgreSQL did not take the batch */
        void write(List<T> batch);
    }

    private final Sink<T> sink;
    private final BiConsumer<T, String> rejected;

    /** @param rejected takes each record PostgreSQL refused for its data, with the reason */
    public AuditBatchWriter(Sink<T> sink, BiConsumer<T, String> rejected) {
        this.sink = sink;
        this.rejected = rejected;
    }

    /**
     * @return the records not written because PostgreSQL is unreachable, in order: the tail of the batch from the
     * first record such a failure hit; empty when every record was written or rejected
     */
    public List<T> write(List<T> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        try {
            sink.write(batch);
            return List.of();
        } catch (RuntimeException e) {
            String dataError = dataError(e);
            if (dataError == null) {
                Log.warnf("PostgreSQL did not take %d audit records (%s); they are tried again", batch.size(),
                        e.toString());
                return batch;
            }
            if (batch.size() == 1) {
                rejected.accept(batch.getFirst(), dataError);
                return List.of();
            }
            int half = batch.size() / 2;
            List<T> unwritten = write(batch.subList(0, half));
            if (unwritten.isEmpty()) {
                return write(batch.subList(half, batch.size()));
            }
            List<T> tail = new ArrayList<>(unwritten);
            tail.addAll(batch.subList(half, batch.size()));
            return tail;
        }
    }

    /** @return "SQLSTATE code: message" when PostgreSQL refused the data itself, else null */
    static String dataError(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof DatabaseException refused && refused.getSqlState() != null
                    && DATA_ERROR_CLASSES.contains(refused.getSqlState().substring(0, 2))) {
                return "SQLSTATE " + refused.getSqlState() + ": " + refused.getMessage();
            }
        }
        return null;
    }
}
