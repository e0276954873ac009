package ai.citadel.orchestration.rest;

import ai.citadel.commons.audit.AuditAdmission;
import ai.citadel.commons.audit.AuditedRequests;
import ai.citadel.commons.rest.HttpErrors;
import ai.citadel.commons.rest.RequestIds;
import ai.citadel.commons.text.Sha256;
import ai.citadel.orchestration.service.audit.ApiAudit;
import ai.citadel.orchestration.service.audit.ApiCall;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.Set;

/**
 * Every API call leaves a row in {@code orchestration.audit_logs} (docs/architecture.md#audit): a Vert.x filter, so
 * that the calls refused before any resource runs (401, 403, 404, 413 …) are audited too. The record is made when
 * the exchange ends (for a WebSocket, when it closes), and queued off the request path by {@link ApiAudit}; a call
 * whose record would find no place is refused with a 503 before it starts.
 */
@ApplicationScoped
public class ApiAuditFilter {

    /** After {@link RequestIds} (1000), before the early refusals: 413 (900), protocol checks (800), security. */
    private static final int PRIORITY = 950;
    /**
     * After authentication and authorization (200, 100), so a refused caller never gets its body read, and after
     * {@code SecurityHeaders} has read a chunked body (90).
     */
    private static final int BODY_PRIORITY = 80;
    private static final Set<HttpMethod> BODY_METHODS = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH);
    private static final String AUDITED = "citadel.audit.audited";
    private static final String BODY_SHA256 = "citadel.audit.body-sha256";
    /** The caller closed the connection before the answer was complete (nginx's code for it). */
    private static final int CLIENT_CLOSED = 499;

    private final ApiAudit audit;
    private final HttpErrors errors;

    ApiAuditFilter(ApiAudit audit, HttpErrors errors) {
        this.audit = audit;
        this.errors = errors;
    }

    void register(@Observes Filters filters) {
        filters.register(this::admit, PRIORITY);
        filters.register(this::hashBody, BODY_PRIORITY);
    }

    private void admit(RoutingContext context) {
        if (!audit.audits(AuditedRequests.normalizedPath(context))) {
            context.next();
            return;
        }
        if (AuditAdmission.admit(context, audit.queue(), errors, this::record)) {
            context.put(AUDITED, Boolean.TRUE);
            context.next();
        }
    }

    private void record(RoutingContext context) {
        long elapsedNanos = System.nanoTime() - RequestIds.arrivalNanos(context);
        audit.record(new ApiCall(Instant.now().minusNanos(elapsedNanos), AuditedRequests.user(context),
                context.request().method().name(), context.request().path(),
                context.response().ended() ? context.response().getStatusCode() : CLIENT_CLOSED,
                (int) Math.min(Integer.MAX_VALUE, elapsedNanos / 1_000_000), AuditedRequests.clientIp(context),
                RequestIds.of(context), context.get(BODY_SHA256)));
    }

    /**
     * Hashes the body of an audited call that has one, reading it here (it is at most the body limit long, which
     * {@code SecurityHeaders} has checked) and handing it on whole, as {@code SecurityHeaders} does with a chunked one.
     */
    private void hashBody(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (context.get(AUDITED) == null || !BODY_METHODS.contains(request.method())) {
            context.next();
            return;
        }
        Buffer read = context.body().buffer();
        if (read != null) {
            MessageDigest digest = Sha256.digest();
            digest.update(read.getByteBuf().nioBuffer());
            context.put(BODY_SHA256, read.length() == 0 ? null : Sha256.hex(digest));
            context.next();
            return;
        }
        if (request.isEnded()) {
            context.next();
            return;
        }
        if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
            context.response().writeContinue();
        }
        MessageDigest digest = Sha256.digest();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            digest.update(chunk.getByteBuf().nioBuffer());
            body.appendBuffer(chunk);
        });
        request.endHandler(end -> {
            context.put(BODY_SHA256, body.length() == 0 ? null : Sha256.hex(digest));
            context.setBody(body);
            context.next();
        });
        request.resume();
    }
}
