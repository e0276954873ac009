package ai.citadel.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;

/**
 * The controls over HTTP, so a simulator run with {@code java -jar} (benchmarks, manual checks) can be driven too.
 *
 * <ul>
 *   <li>{@code GET /_sim/controls}: the switches now.</li>
 *   <li>{@code POST /_sim/controls}: sets the fields given, leaves the others; answers with the switches now.
 *       Fields: {@code tokenCount}, {@code delayBeforeFirstTokenMs}, {@code delayBetweenTokensMs},
 *       {@code failNext: {count, status, retryAfterSeconds?}}, {@code hang: true|false},
 *       {@code cutAfterTokens: k}, {@code errorAfterTokens: {tokens, message}}, {@code clearStreamFault: true},
 *       {@code sseComments: true|false}.</li>
 *   <li>{@code GET /_sim/stats}: {@code requestCount}, {@code requestCountByPath}, {@code heldRequests},
 *       {@code abandonedRequests}, {@code lastRequest: {method, path, body}}.</li>
 *   <li>{@code POST /_sim/reset}: {@link SimulatorControls#reset()}.</li>
 * </ul>
 */
final class ControlsEndpoint {

    static final String PREFIX = "/_sim";

    private final SimulatorControls controls;

    private ControlsEndpoint(SimulatorControls controls) {
        this.controls = controls;
    }

    static void mount(Router router, SimulatorControls controls) {
        ControlsEndpoint endpoint = new ControlsEndpoint(controls);
        router.get(PREFIX + "/controls").handler(ctx -> endpoint.reply(ctx, 200, endpoint.describe()));
        router.post(PREFIX + "/controls").handler(endpoint::apply);
        router.get(PREFIX + "/stats").handler(ctx -> endpoint.reply(ctx, 200, endpoint.stats()));
        router.post(PREFIX + "/reset").handler(ctx -> {
            controls.reset();
            ctx.response().setStatusCode(204).end();
        });
    }

    private void apply(RoutingContext ctx) {
        JsonNode changes;
        try {
            changes = Json.parse(ctx.body().asString() == null ? "{}" : ctx.body().asString());
        } catch (JsonProcessingException e) {
            reply(ctx, 400, error("invalid JSON body: " + e.getOriginalMessage()));
            return;
        }
        try {
            applyChanges(changes);
        } catch (IllegalArgumentException e) {
            reply(ctx, 400, error(e.getMessage()));
            return;
        }
        reply(ctx, 200, describe());
    }

    private void applyChanges(JsonNode changes) {
        if (changes.has("tokenCount")) {
            controls.tokenCount(changes.get("tokenCount").asInt());
        }
        if (changes.has("delayBeforeFirstTokenMs")) {
            controls.delayBeforeFirstToken(Duration.ofMillis(changes.get("delayBeforeFirstTokenMs").asLong()));
        }
        if (changes.has("delayBetweenTokensMs")) {
            controls.delayBetweenTokens(Duration.ofMillis(changes.get("delayBetweenTokensMs").asLong()));
        }
        JsonNode failNext = changes.path("failNext");
        if (failNext.isObject()) {
            int count = failNext.path("count").asInt(1);
            int status = failNext.path("status").asInt(503);
            if (failNext.has("retryAfterSeconds")) {
                controls.failNext(count, status, Duration.ofSeconds(failNext.get("retryAfterSeconds").asLong()));
            } else {
                controls.failNext(count, status);
            }
        }
        if (changes.has("hang")) {
            if (changes.get("hang").asBoolean()) {
                controls.hang();
            } else {
                controls.release();
            }
        }
        if (changes.has("sseComments")) {
            controls.sseComments(changes.get("sseComments").asBoolean());
        }
        if (changes.path("clearStreamFault").asBoolean(false)) {
            controls.clearStreamFault();
        }
        if (changes.has("cutAfterTokens")) {
            controls.cutAfterTokens(changes.get("cutAfterTokens").asInt());
        }
        JsonNode errorAfter = changes.path("errorAfterTokens");
        if (errorAfter.isObject()) {
            controls.errorAfterTokens(errorAfter.path("tokens").asInt(0),
                    errorAfter.path("message").asText("simulated error"));
        }
    }

    private ObjectNode describe() {
        ObjectNode state = Json.object()
                .put("tokenCount", controls.tokenCount())
                .put("delayBeforeFirstTokenMs", controls.delayBeforeFirstToken().toMillis())
                .put("delayBetweenTokensMs", controls.delayBetweenTokens().toMillis())
                .put("hang", controls.hanging())
                .put("sseComments", controls.sseComments());
        controls.armedFailure().ifPresent(failure -> {
            ObjectNode failNext = state.putObject("failNext")
                    .put("count", controls.failuresLeft())
                    .put("status", failure.status());
            failure.retryAfter().ifPresent(delay -> failNext.put("retryAfterSeconds", delay.toSeconds()));
        });
        switch (controls.streamFault()) {
            case StreamFault.Cut cut -> state.put("cutAfterTokens", cut.afterTokens());
            case StreamFault.Error error -> state.putObject("errorAfterTokens")
                    .put("tokens", error.afterTokens())
                    .put("message", error.message());
            case StreamFault.None none -> {
                // healthy replies: nothing to show
            }
        }
        return state;
    }

    private ObjectNode stats() {
        ObjectNode stats = Json.object().put("requestCount", controls.requestCount());
        ObjectNode byPath = stats.putObject("requestCountByPath");
        controls.requestCountByPath().forEach(byPath::put);
        stats.put("heldRequests", controls.heldRequestCount());
        stats.put("abandonedRequests", controls.abandonedRequestCount());
        controls.lastRequest().ifPresentOrElse(last -> stats.putObject("lastRequest")
                .put("method", last.method())
                .put("path", last.path())
                .put("body", last.body()), () -> stats.putNull("lastRequest"));
        return stats;
    }

    private static ObjectNode error(String message) {
        return Json.object().put("error", message);
    }

    private void reply(RoutingContext ctx, int status, ObjectNode body) {
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Json.write(body));
    }
}
