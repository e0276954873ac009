package ai.citadel.testing;

import io.vertx.ext.web.RoutingContext;

/** Writes an error response in one API's shape (Ollama's {@code {"error": "..."}}, OpenAI's envelope...). */
@FunctionalInterface
public interface ApiErrors {

    void send(RoutingContext ctx, int status, String message);
}
