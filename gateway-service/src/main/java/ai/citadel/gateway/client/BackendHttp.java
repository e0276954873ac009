package ai.citadel.gateway.client;

import ai.citadel.commons.http.HttpStatusException;
import ai.citadel.commons.http.StreamingHttpClient;
import ai.citadel.commons.rest.UpstreamErrors;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * HTTP to one backend ({@link StreamingHttpClient}: lines with backpressure, cancelling resets the request so the
 * backend stops generating), its error answers read into {@link BackendHttpException}s that name the backend.
 */
final class BackendHttp {

    private final String backendName;
    private final StreamingHttpClient http;

    /**
     * @param idleTimeout      a connection silent this long is closed, which breaks a stalled stream
     * @param poolSize         connections kept to the backend; requests beyond them wait for one
     * @param poolPerEventLoop each event loop keeps up to {@code poolSize} connections of its own
     *                         ({@link StreamingHttpClient})
     */
    BackendHttp(Vertx vertx, ObjectMapper json, String backendName, URI baseUrl, Optional<String> apiKey,
                Duration connectTimeout, Duration idleTimeout, int poolSize, boolean poolPerEventLoop) {
        this.backendName = backendName;
        this.http = new StreamingHttpClient(vertx, json, baseUrl, apiKey.map(key -> "Bearer " + key),
                connectTimeout, idleTimeout, poolSize, poolPerEventLoop);
    }

    /** The response lines, without terminators; fails with {@link BackendHttpException} on a non-2xx answer. */
    Multi<String> postForLines(String path, Object body, String requestId) {
        return http.postForLines(path, body, requestId)
                .onFailure(HttpStatusException.class).transform(failure -> backendError((HttpStatusException) failure));
    }

    /** A GET whose 2xx answer body is discarded: the cheap health probe. */
    Uni<Void> probe(String path, Duration timeout) {
        return http.probe(path, timeout)
                .onFailure(HttpStatusException.class).transform(failure -> backendError((HttpStatusException) failure));
    }

    private BackendHttpException backendError(HttpStatusException answer) {
        return new BackendHttpException(answer.status(),
                backendName + " answered " + answer.status() + ": " + errorMessage(answer.body()), answer.retryAfter());
    }

    /** The message of an Ollama ({@code {"error":"…"}}) or OpenAI ({@code {"error":{"message":…}}}) error body. */
    private static String errorMessage(String body) {
        return UpstreamErrors.message(body).orElseGet(() -> abbreviate(body));
    }

    private static String abbreviate(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    void close() {
        http.close();
    }
}
