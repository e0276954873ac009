package ai.citadel.gateway.service.audit;

import ai.citadel.gateway.repository.AuditEntry;
import io.quarkus.logging.Log;
import io.vertx.sqlclient.DatabaseException;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Writes batches of audit records, live ones and spooled ones alike. PostgreSQL refuses a whole batch for one record
 * it cannot store (SQLSTATE class 22, data exception, 23, integrity constraint violation, or 54, a value beyond a
 * limit such as an index entry's size), and retrying it would fail for ever: such a batch is split in halves until
 * each bad record is alone, the bad ones go to the dead letters and every other one is written. Any other failure means PostgreSQL is unreachable or too slow, so what is
 * left is handed back to wait in the spool.
 */
final class AuditBatchWriter {

    private static final Set<String> DATA_ERROR_CLASSES = Set.of("22", "23", "54");

    /** One transactional write of a batch: all of it or nothing. */
    @FunctionalInterface
    interface Sink {
        /** @throws RuntimeException when PostgreSQL did not take the batch */
        void write(List<AuditEntry> batch);
    }

    private final Sink sink;
    private final AuditDeadLetters deadLetters;

    AuditBatchWriter(Sink sink, AuditDeadLetters deadLetters) {
        this.sink = sink;
        this.deadLetters = deadLetters;
    }

    /**
     * @return the records not written because PostgreSQL is unreachable, in order: the tail of the batch from the
     * first record such a failure hit; empty when every record was written or dead-lettered
     */
    List<AuditEntry> write(List<AuditEntry> batch) {
        if (batch.isEmpty()) {
            return List.of();
        }
        try {
            sink.write(batch);
            return List.of();
        } catch (RuntimeException e) {
            String dataError = dataError(e);
            if (dataError == null) {
                Log.warnf("PostgreSQL did not take %d audit records (%s); they wait in the spool", batch.size(),
                        e.toString());
                return batch;
            }
            if (batch.size() == 1) {
                deadLetters.add(batch.getFirst(), dataError);
                return List.of();
            }
            int half = batch.size() / 2;
            List<AuditEntry> unwritten = write(batch.subList(0, half));
            if (unwritten.isEmpty()) {
                return write(batch.subList(half, batch.size()));
            }
            List<AuditEntry> tail = new ArrayList<>(unwritten);
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
