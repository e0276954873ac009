package ai.citadel.testing.ollama;

import ai.citadel.testing.HttpSimulator;
import ai.citadel.testing.SimulatorBuilder;
import ai.citadel.testing.SimulatorSettings;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * An Ollama server as its API documents it (docs/api.md) and its server code answers: NDJSON streams for chat,
 * generate and pull, the final {@code done} record with nanosecond statistics, embeddings, and the model lifecycle
 * endpoints. Replies are deterministic and shaped by {@link #controls()}.
 *
 * <pre>{@code
 * try (OllamaSimulator ollama = OllamaSimulator.builder().start()) {
 *     ollama.controls().delayBetweenTokens(Duration.ofMillis(20)).cutAfterTokens(3);
 *     // point the client at ollama.baseUrl()
 * }
 * }</pre>
 */
public final class OllamaSimulator extends HttpSimulator {

    /** What {@code /api/version} reports. */
    public static final String VERSION = "0.12.6";

    private final OllamaModelStore models;
    private final OllamaInference inference;
    private final OllamaEmbeddingApi embeddings;
    private final OllamaModelManagement management;

    public OllamaSimulator(SimulatorSettings settings) {
        super(settings, OllamaErrors.INSTANCE);
        this.models = new OllamaModelStore(settings.models());
        this.inference = new OllamaInference(models, controls(), pacer());
        this.embeddings = new OllamaEmbeddingApi(models, pacer());
        this.management = new OllamaModelManagement(models, pacer());
    }

    /** Serves {@link ai.citadel.testing.SimulatedModel#defaults()} on a free port of 127.0.0.1 unless told otherwise. */
    public static SimulatorBuilder<OllamaSimulator> builder() {
        return new SimulatorBuilder<>(OllamaSimulator::new);
    }

    @Override
    public OllamaSimulator start() {
        super.start();
        return this;
    }

    /** The names installed now, with their tags (pulls add, deletes remove). */
    public List<String> installedModels() {
        return models.installed().stream().map(entry -> entry.model().name()).sorted().toList();
    }

    @Override
    protected String apiName() {
        return "Ollama";
    }

    @Override
    protected void registerRoutes(Router router) {
        api(router.route(HttpMethod.GET, "/"), OllamaSimulator::running);
        api(router.route(HttpMethod.HEAD, "/"), OllamaSimulator::running);
        api(router.get("/api/version"), management::version);
        api(router.get("/api/tags"), management::tags);
        api(router.get("/api/ps"), management::ps);
        jsonApi(router.post("/api/show"), management::show);
        jsonApi(router.post("/api/pull"), management::pull);
        jsonApi(router.delete("/api/delete"), management::delete);
        jsonApi(router.post("/api/chat"), inference::chat);
        jsonApi(router.post("/api/generate"), inference::generate);
        jsonApi(router.post("/api/embed"), embeddings::embed);
        jsonApi(router.post("/api/embeddings"), embeddings::embeddings);
    }

    private static void running(RoutingContext ctx) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end("Ollama is running");
    }
}
