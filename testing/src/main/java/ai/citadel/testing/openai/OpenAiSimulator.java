package ai.citadel.testing.openai;

import ai.citadel.testing.HttpSimulator;
import ai.citadel.testing.SimulatorBuilder;
import ai.citadel.testing.SimulatorSettings;
import io.vertx.ext.web.Router;

/**
 * An OpenAI-compatible server as vLLM exposes it: chat completions and legacy completions (JSON or SSE streams),
 * tool calls, embeddings (float or base64) and the model list, with errors in OpenAI's envelope. Model ids match
 * exactly. Replies are deterministic and shaped by {@link #controls()}.
 */
public final class OpenAiSimulator extends HttpSimulator {

    private final OpenAiModels models;
    private final OpenAiCompletions completions;
    private final OpenAiEmbeddingApi embeddings;

    public OpenAiSimulator(SimulatorSettings settings) {
        super(settings, OpenAiErrors.INSTANCE);
        this.models = new OpenAiModels(settings.models());
        this.completions = new OpenAiCompletions(models, controls(), pacer());
        this.embeddings = new OpenAiEmbeddingApi(models, pacer());
    }

    /** Serves {@link ai.citadel.testing.SimulatedModel#defaults()} on a free port of 127.0.0.1 unless told otherwise. */
    public static SimulatorBuilder<OpenAiSimulator> builder() {
        return new SimulatorBuilder<>(OpenAiSimulator::new);
    }

    @Override
    public OpenAiSimulator start() {
        super.start();
        return this;
    }

    /** The base URL OpenAI clients expect, ending in {@code /v1}. */
    public String v1Url() {
        return baseUrl() + "/v1";
    }

    @Override
    protected String apiName() {
        return "OpenAI";
    }

    @Override
    protected void registerRoutes(Router router) {
        api(router.get("/health"), ctx -> ctx.response().end());
        api(router.get("/v1/models"), models::list);
        jsonApi(router.post("/v1/chat/completions"), completions::chat);
        jsonApi(router.post("/v1/completions"), completions::completion);
        jsonApi(router.post("/v1/embeddings"), embeddings::embeddings);
    }
}
