package ai.citadel.orchestration.client;

import ai.citadel.commons.faulttolerance.CircuitBreakers;
import ai.citadel.commons.http.HttpStatusException;
import ai.citadel.commons.http.StreamingHttpClient;
import ai.citadel.model.openai.ChatCompletion;
import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.orchestration.config.DependenciesConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.smallrye.faulttolerance.api.CircuitBreakerState;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.util.TypeLiteral;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * One gateway, behind its own circuit breaker. Each answer has a deadline ({@code citadel.llm.timeout}), and a
 * streamed one may not fall silent for longer than {@code citadel.llm.stream-idle-timeout}; either aborts the
 * request. Cancelling the returned Uni aborts the HTTP request too, so the gateway stops generating.
 */
public final class GatewayClient {

    private static final TypeLiteral<Uni<ChatCompletion>> COMPLETION = new TypeLiteral<>() {
    };
    private static final String CHAT_COMPLETIONS = "v1/chat/completions";
    /** An SSE line of data; OpenAI-style streams put each event's JSON on one such line. */
    private static final String SSE_DATA = "data:";

    private final String name;
    private final GatewayApi api;
    private final StreamingHttpClient streaming;
    private final String authorization;
    private final ObjectMapper json;
    private final Duration timeout;
    private final Duration streamIdleTimeout;
    private final Guard guard;
    private volatile CircuitBreakerState circuit = CircuitBreakerState.CLOSED;

    /** @param authorization the {@code Authorization} header value, or null for none */
    GatewayClient(String name, GatewayApi api, StreamingHttpClient streaming, String authorization, ObjectMapper json,
                  DependenciesConfig.Llm settings) {
        this.name = name;
        this.api = api;
        this.streaming = streaming;
        this.authorization = authorization;
        this.json = json;
        this.timeout = settings.timeout();
        this.streamIdleTimeout = settings.streamIdleTimeout();
        this.guard = CircuitBreakers.guard(GatewayClient.class.getName() + "." + name, settings.circuitBreaker(),
                Guards::isDependencyFault, this::circuitChanged);
    }

    public String name() {
        return name;
    }

    public boolean circuitOpen() {
        return circuit == CircuitBreakerState.OPEN;
    }

    /**
     * The whole answer in one response.
     *
     * @param request without {@code stream}
     */
    public Uni<ChatCompletion> complete(ChatCompletionRequest request, String requestId) {
        return Guards.cancellable(guard, COMPLETION, () -> api.complete(authorization, requestId, request)
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException(noAnswerInTime())));
    }

    /**
     * The answer streamed: each piece goes to {@code listener} as it arrives, and the Uni ends with the completion the
     * stream amounted to.
     *
     * @param request with {@code stream: true}
     */
    public Uni<ChatCompletion> stream(ChatCompletionRequest request, String requestId, StreamListener listener) {
        return Guards.cancellable(guard, COMPLETION, () -> {
            StreamedCompletion answer = new StreamedCompletion(json, listener);
            return streaming.postForLines(CHAT_COMPLETIONS, request, requestId)
                    .onFailure(HttpStatusException.class)
                    .transform(failure -> DependencyHttpException.of((HttpStatusException) failure))
                    // keep-alive comments count as signs of life too
                    .ifNoItem().after(streamIdleTimeout)
                    .failWith(() -> new TimeoutException("the stream of " + name + " was silent for "
                            + Guards.describe(streamIdleTimeout)))
                    .filter(line -> line.startsWith(SSE_DATA))
                    .map(line -> line.substring(SSE_DATA.length()).strip())
                    .filter(data -> !data.isEmpty())
                    .onItem().invoke(answer::accept)
                    .collect().last()
                    .map(ignored -> answer.completion())
                    .ifNoItem().after(timeout).failWith(() -> new TimeoutException(noAnswerInTime()));
        });
    }

    /** The dependency check of this gateway: its model list answers within {@code timeout}. Not guarded. */
    public Uni<Void> probe(Duration timeout) {
        return api.models(authorization).ifNoItem().after(timeout).fail().replaceWithVoid();
    }

    /** Closes the clients' connections (clients built programmatically are not closed by Quarkus). */
    void close() {
        streaming.close();
        if (api instanceof Closeable closeable) {
            try {
                closeable.close();
            } catch (IOException e) {
                Log.debugf(e, "Closing the client of gateway %s failed", name);
            }
        }
    }

    private String noAnswerInTime() {
        return name + " did not answer within " + Guards.describe(timeout);
    }

    private void circuitChanged(CircuitBreakerState state) {
        if (circuit != state) {
            Log.infof("Circuit of gateway %s is now %s", name, state);
        }
        circuit = state;
    }
}
