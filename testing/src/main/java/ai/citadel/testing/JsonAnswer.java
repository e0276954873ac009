package ai.citadel.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;

/**
 * A reply of zero tokens answered with one JSON body, e.g. embeddings. Paced like any reply, so it waits
 * {@code delayBeforeFirstToken} and honours stream faults set at token 0 (reset, or an HTTP 500).
 */
public final class JsonAnswer implements TokenSink {

    private final RoutingContext ctx;
    private final ApiErrors errors;
    private final String contentType;
    private final Function<GenerationTiming, JsonNode> body;

    public JsonAnswer(RoutingContext ctx, ApiErrors errors, String contentType,
            Function<GenerationTiming, JsonNode> body) {
        this.ctx = ctx;
        this.errors = errors;
        this.contentType = contentType;
        this.body = body;
    }

    @Override
    public void token(int index) {
        // no tokens: the whole answer goes out at the end
    }

    @Override
    public void complete(GenerationTiming timing) {
        ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(Json.write(body.apply(timing)));
    }

    @Override
    public void fail(String message) {
        errors.send(ctx, 500, message);
    }
}
