package ai.citadel.orchestration.rest;

import ai.citadel.commons.db.DatabaseUnavailableException;
import ai.citadel.commons.rest.ApiException;
import ai.citadel.orchestration.service.workflow.WorkflowService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.quarkus.logging.Log;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.UserData;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code /ws/workflow/{id}}: the progress feed of {@code GET /api/v1/workflows/{id}/events} over a WebSocket
 * (docs/orchestration.md#websocket), one JSON event per text message, history first, then live, {@code ?after=n}
 * resuming after event n. The upgrade is authenticated as any API call (a caller without a credential never gets
 * past it); what the REST API would refuse afterwards closes the connection with 4000 + the HTTP status and the
 * error's message, and the workflow's final event is followed by a normal close (1000).
 */
@WebSocket(path = "/ws/workflow/{id}")
@Authenticated
public class WorkflowSocket {

    /** The feed a connection is subscribed to, cancelled when the client leaves. */
    private static final UserData.TypedKey<Cancellable> FEED = new UserData.TypedKey<>("citadel.workflow-feed");
    /** RFC 6455 keeps a close frame's reason within 123 bytes of UTF-8. */
    private static final int MAX_REASON_BYTES = 123;
    private static final int FEED_BROKEN = 1011;

    private final WorkflowService workflows;
    private final SecurityIdentity identity;
    private final ObjectMapper json;

    WorkflowSocket(WorkflowService workflows, SecurityIdentity identity, ObjectMapper json) {
        this.workflows = workflows;
        this.identity = identity;
        this.json = json;
    }

    @OnOpen
    Uni<Void> open(WebSocketConnection connection) {
        Uni<Cancellable> subscribed;
        try {
            subscribed = workflows.follow(connection.pathParam("id"), Callers.of(identity), after(connection))
                    .map(feed -> feed.onItem().transformToUniAndConcatenate(event -> connection.sendText(write(event)))
                            .subscribe().with(sent -> {
                            }, failure -> close(connection, failure), () -> connection.close().subscribe()
                                    .with(closed -> {
                                    }, failure -> Log.debugf("closing %s: %s", connection.id(), failure))));
        } catch (ApiException refused) {
            subscribed = Uni.createFrom().failure(refused);
        }
        return subscribed.onItem().invoke(feed -> {
            connection.userData().put(FEED, feed);
            if (connection.isClosed()) {
                feed.cancel();
            }
        }).onFailure().invoke(failure -> close(connection, failure)).onFailure().recoverWithNull().replaceWithVoid();
    }

    @OnClose
    void closed(WebSocketConnection connection) {
        Cancellable feed = connection.userData().get(FEED);
        if (feed != null) {
            feed.cancel();
        }
    }

    /** A client that went away without a close frame (a reset connection) is no server failure worth a stack. */
    @OnError
    void failed(WebSocketConnection connection, Throwable failure) {
        Log.debugf("WebSocket %s failed: %s", connection.id(), failure);
        close(connection, failure);
    }

    private static String after(WebSocketConnection connection) {
        String query = connection.handshakeRequest().query();
        if (query == null) {
            return null;
        }
        List<String> after = new QueryStringDecoder(query, false).parameters().get("after");
        return after == null ? null : after.getFirst();
    }

    /** 4000 + the status of what the API would answer; 1011 for a feed that broke off otherwise. */
    private static void close(WebSocketConnection connection, Throwable failure) {
        if (connection.isClosed() || failure instanceof IOException) {
            // the client went away (reset, broken pipe): no one to tell; the connection ends with the transport
            return;
        }
        CloseReason reason = switch (failure) {
            case ApiException api -> new CloseReason(4000 + api.status(), reason(api.getMessage()));
            case DatabaseUnavailableException unavailable -> new CloseReason(4503, reason(unavailable.getMessage()));
            default -> {
                Log.warnf(failure, "The progress feed of WebSocket %s broke off", connection.id());
                yield new CloseReason(FEED_BROKEN, "the progress feed broke off; reconnect with ?after=<last id>");
            }
        };
        connection.close(reason).subscribe().with(closed -> {
        }, ignored -> Log.debugf("closing %s: %s", connection.id(), ignored));
    }

    private static String reason(String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= MAX_REASON_BYTES) {
            return message;
        }
        int end = MAX_REASON_BYTES;
        while ((bytes[end] & 0xC0) == 0x80) {
            end--;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
