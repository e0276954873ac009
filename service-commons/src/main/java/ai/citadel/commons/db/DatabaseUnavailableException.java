package ai.citadel.commons.db;

/** PostgreSQL did not answer in time or cannot be reached (503 {@code database_unavailable}). */
public class DatabaseUnavailableException extends RuntimeException {

    public DatabaseUnavailableException(String message) {
        super(message);
    }
}
