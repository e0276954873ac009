package ai.citadel.testing.quarkus;

/**
 * A fault proxy in front of the local PostgreSQL (127.0.0.1:5432); sets {@code quarkus.datasource.reactive.url} to
 * {@code postgresql://127.0.0.1:<proxy port>/<db>}. The database is the {@code db} init arg, else the system
 * property {@value #DB_PROPERTY}, else {@value #DEFAULT_DB}. JDBC (Flyway at start) keeps its direct URL. Inject with
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
        String db = args.text("db", System.getProperty(DB_PROPERTY, DEFAULT_DB));
        return "postgresql://127.0.0.1:" + proxyPort + "/" + db;
    }
}
