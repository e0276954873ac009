package ai.citadel.management.system;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * What the system views look at, for every test of this module: Citadel services answering their readiness as
 * Citadel's do (one ready, one with Redis down, one that can be made to hang, one not running, one that is not a Citadel service) and data directories
 * of known sizes. Fast by default, so that the contract and fuzz tests, which call these routes too, stay fast.
 */
public class PlatformStubs implements QuarkusTestResourceLifecycleManager {

    /** The version the stubs report. */
    public static final String VERSION = "1.0.0-SNAPSHOT";
    /** Bytes in the models directory. */
    public static final long MODELS_BYTES = 4096 + 1000;

    private static final AtomicBoolean HANGING = new AtomicBoolean();
    private static Path dataRoot;

    private Vertx vertx;

    /** The service named {@code management} stops answering its readiness until {@link #answer()}. */
    public static void hang() {
        HANGING.set(true);
    }

    public static void answer() {
        HANGING.set(false);
    }

    public static Path dataRoot() {
        return dataRoot;
    }

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            switch (request.path()) {
                case "/ready/health/ready", "/flaky/health/ready" -> {
                    if (request.path().startsWith("/flaky") && HANGING.get()) {
                        return;
                    }
                    request.response().putHeader("Content-Type", "application/json").end("""
                            {"status":"UP","checks":[{"name":"Redis connection health check","status":"UP"},\
                            {"name":"Reactive PostgreSQL connections health check","status":"UP"}],\
                            "version":"%s"}""".formatted(VERSION));
                }
                case "/redis-down/health/ready" -> request.response().setStatusCode(503)
                        .putHeader("Content-Type", "application/json").end("""
                                {"status":"DOWN","checks":[{"name":"Redis connection health check","status":"DOWN",\
                                "data":{"default":"connection refused"}},\
                                {"name":"Reactive PostgreSQL connections health check","status":"UP"}],\
                                "version":"%s"}""".formatted(VERSION));
                default -> request.response().setStatusCode(404).putHeader("Content-Type", "text/html")
                        .end("<html><body>Not Found</body></html>");
            }
        });
        int port;
        try {
            port = server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                    .get(10, TimeUnit.SECONDS).actualPort();
            dataRoot = Files.createTempDirectory("citadel-data");
            Path models = Files.createDirectories(dataRoot.resolve("ollama/models/blobs"));
            Files.write(models.resolve("sha256-1"), new byte[4096]);
            Files.write(models.resolve("sha256-2"), new byte[1000]);
        } catch (Exception e) {
            throw new IllegalStateException("the platform stubs did not start", e);
        }
        String base = "http://127.0.0.1:" + port;
        return Map.of(
                "citadel.system.services.orchestration.url", base + "/ready",
                "citadel.system.services.embedding.url", base + "/redis-down",
                // nothing listens on the loopback's port 9
                "citadel.system.services.gateway.url", "http://127.0.0.1:9",
                "citadel.system.services.management.url", base + "/flaky",
                // something else answers there
                "citadel.system.services.legacy.url", base + "/legacy",
                "citadel.system.data-directories",
                dataRoot.resolve("ollama/models") + "," + dataRoot.resolve("no-such-directory"));
    }

    @Override
    public void stop() {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        if (dataRoot != null) {
            try (Stream<Path> paths = Files.walk(dataRoot)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
