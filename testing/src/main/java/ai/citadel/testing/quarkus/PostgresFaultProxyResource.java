package ai.citadel.testing.quarkus;

/**
 * A fault proxy in front of the local PostgreSQL (127.0.0.1:5432); sets {@code quarkus.datasource.reactive.url} to
 * {@code postgresql://127.0.0.1:<proxy port>/<db>}. The database is the {@code db} init arg, else the system
 * property {@value #DB_PROPERTY}, else the test database the services use ({@code CITADEL_TEST_DB_NAME}, default
 * {@value #DEFAULT_DB}). JDBC (Flyway at start) keeps its direct URL. Inject with
 * {@code @InjectFaultProxy("postgres") FaultProxy postgres;}.
 */
public class PostgresFaultProxyResource extends FaultProxyResource {

    public static final String DB_PROPERTY = "citadel.test.db";
    public static final String DEFAULT_DB = "citadel_test";

    @Override
    String defaultTarget() {
        return "127.0.0.1:5432";
    }

    @Override
    String defaultName() {
        return "postgres";
    }

    @Override
    String defaultUrlProperty() {
        return "quarkus.datasource.reactive.url";
    }

    @Override
    String url(int proxyPort, ResourceArgs args) {
        String testDb = System.getenv().getOrDefault("CITADEL_TEST_DB_NAME", DEFAULT_DB);
        String db = args.text("db", System.getProperty(DB_PROPERTY, testDb));
        return "postgresql://127.0.0.1:" + proxyPort + "/" + db;
    }
}
