package ai.citadel.orchestration.rest;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * A real WebSocket client of {@code /ws/workflow/{id}} (Vert.x's, as a browser would connect): the text messages in
 * the order they arrived, and the close frame the server sent.
 */
final class WorkflowSocketClient implements AutoCloseable {

    /** The server's close frame; {@code status} null when the connection ended without one. */
    record Closed(Short status, String reason) {
    }

    private final WebSocketClient client;
    private final WebSocket socket;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Closed> closed = new CompletableFuture<>();

    private WorkflowSocketClient(WebSocketClient client, WebSocket socket) {
        this.client = client;
        this.socket = socket;
        socket.textMessageHandler(messages::add);
        socket.closeHandler(ignored -> closed.complete(new Closed(socket.closeStatusCode(), socket.closeReason())));
    }

    /**
     * Connects to the workflow's feed ({@code query} appended as it is, e.g. {@code ?after=3}) with the given
     * {@code Authorization} header (null: none).
     */
    static WorkflowSocketClient connect(Vertx vertx, String workflowId, String query, String authorization)
            throws Exception {
        return connect(vertx, workflowId, query, authorization, null);
    }

    /** As {@link #connect(Vertx, String, String, String)}, with an {@code X-Request-Id} (null: none). */
    static WorkflowSocketClient connect(Vertx vertx, String workflowId, String query, String authorization,
                                        String requestId) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost")
                .setPort(RestAssured.port).setURI("/ws/workflow/" + workflowId + (query == null ? "" : query));
        if (authorization != null) {
            options.addHeader("Authorization", authorization);
        }
        if (requestId != null) {
            options.addHeader("X-Request-Id", requestId);
        }
        try {
            // the handlers are set on the connection's event loop as it opens, before a message can arrive
            return client.connect(options).map(socket -> new WorkflowSocketClient(client, socket))
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            client.close();
            throw e;
        }
    }

    /** The HTTP status with which the server refused the upgrade. */
    static int refusal(Vertx vertx, String workflowId, String authorization) throws Exception {
        try (WorkflowSocketClient unexpected = connect(vertx, workflowId, null, authorization)) {
            throw new AssertionError("the upgrade was accepted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UpgradeRejectedException rejected) {
                return rejected.getStatus();
            }
            throw e;
        }
    }

    /** Waits for the server to close the connection and answers its close frame. */
    Closed awaitClose() throws InterruptedException, ExecutionException {
        try {
            return closed.get(WorkflowCalls.WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the server did not close the connection; messages so far: " + messages, e);
        }
    }

    /** Waits until at least {@code count} messages arrived. */
    List<JsonPath> awaitMessages(int count) {
        await().atMost(WorkflowCalls.WAIT).pollInterval(Duration.ofMillis(20)).until(() -> messages.size() >= count);
        return events();
    }

    /** The messages received so far, parsed. */
    List<JsonPath> events() {
        return messages.stream().map(JsonPath::from).toList();
    }

    /** The messages received so far, as sent. */
    List<String> texts() {
        return List.copyOf(messages);
    }

    @Override
    public void close() throws Exception {
        if (!socket.isClosed()) {
            socket.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        client.close();
    }
}
