package ai.citadel.management.rest;

import ai.citadel.commons.audit.AuditedRequests;
import ai.citadel.commons.rest.EventStream;
import ai.citadel.commons.rest.RequestIds;
import ai.citadel.management.config.ManagementConfig;
import ai.citadel.management.service.audit.AdminCall;
import ai.citadel.management.service.pulls.ModelPulls;
import ai.citadel.management.service.pulls.PullOperation;
import ai.citadel.model.error.ErrorResponse;
import ai.citadel.model.management.Operation;
import ai.citadel.model.management.PullRequest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;

/** A pull's two answers: {@code 202} with the operation, or its progress as server-sent events. */
@ApplicationScoped
class PullHttp {

    private final ModelPulls pulls;
    private final ObjectMapper json;
    private final Duration keepAlive;

    PullHttp(ModelPulls pulls, ObjectMapper json, ManagementConfig config) {
        this.pulls = pulls;
        this.json = json;
        this.keepAlive = config.operations().keepAlive();
    }

    /**
     * One resource method answers both ways, chosen by {@code Accept}: two methods on one path that differ only in
     * what they produce make RESTEasy parse {@code Content-Type} where a malformed one escapes as a 500.
     */
    Uni<RestResponse<Operation>> pull(PullRequest request, String accept, RoutingContext context) {
        PullOperation operation = start(request, context);
        URI location = URI.create("/management/operations/" + operation.id());
        if (accept != null && accept.toLowerCase(Locale.ROOT).contains(MediaType.SERVER_SENT_EVENTS)) {
            // the stream is the whole answer, written here; nothing is left for RESTEasy to write
            context.response().putHeader("Location", location.toString());
            return streamed(operation, context).map(ended -> null);
        }
        return Uni.createFrom().item(RestResponse.ResponseBuilder
                .create(RestResponse.Status.ACCEPTED, operation.snapshot()).location(location).build());
    }

    /**
     * {@code progress} events (one per host as its state changes, the state at joining first), then {@code done}
     * with the whole operation. The caller leaving ends the stream, not the pull.
     */
    private Uni<Void> streamed(PullOperation operation, RoutingContext context) {
        Multi<EventStream.Event> events = Multi.createBy().concatenating().streams(
                operation.follow().map(progress -> new EventStream.Event(null, "progress", write(progress))),
                Multi.createFrom().item(() -> new EventStream.Event(null, "done", write(operation.snapshot()))));
        return EventStream.send(context, events, keepAlive, Function.identity(),
                failure -> new EventStream.Event(null, "error", write(ErrorResponse.of("progress_interrupted",
                        "The progress stream broke off (" + failure.getMessage() + "); the pull goes on: follow "
                                + "GET /management/operations/" + operation.id()))));
    }

    private PullOperation start(PullRequest request, RoutingContext context) {
        AdminCall call = AdminCall.of(context).target(request.name()).host(request.host());
        ModelPulls.Started started = pulls.start(request.name(), request.host(), AuditedRequests.user(context),
                RequestIds.of(context));
        call.detail("operation_id", started.operation().id()).detail("joined", started.joined());
        return started.operation();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
