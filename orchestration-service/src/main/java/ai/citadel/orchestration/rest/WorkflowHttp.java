package ai.citadel.orchestration.rest;

import ai.citadel.commons.rest.EventStream;
import ai.citadel.model.error.ErrorResponse;
import ai.citadel.model.workflow.WorkflowAcceptedResponse;
import ai.citadel.model.workflow.WorkflowCreateRequest;
import ai.citadel.orchestration.service.workflow.WorkflowService;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.resteasy.reactive.RestResponse;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;

/** What the workflow resources and their seed aliases share: the submission's answer and the SSE feed. */
@ApplicationScoped
class WorkflowHttp {

    private static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final WorkflowService workflows;
    private final ObjectMapper json;

    WorkflowHttp(WorkflowService workflows, ObjectMapper json) {
        this.workflows = workflows;
        this.json = json;
    }

    Uni<RestResponse<WorkflowAcceptedResponse>> submit(WorkflowCreateRequest request, SecurityIdentity identity) {
        return workflows.submit(request, Callers.of(identity)).map(submission -> RestResponse.ResponseBuilder
                .create(submission.created() ? RestResponse.Status.ACCEPTED : RestResponse.Status.OK,
                        submission.accepted())
                .location(URI.create("/api/v1/workflows/" + submission.accepted().workflowId()))
                .build());
    }

    Uni<Void> events(String id, String after, SecurityIdentity identity, RoutingContext context) {
        return workflows.follow(id, Callers.of(identity), after).chain(feed -> EventStream.send(context, feed,
                KEEP_ALIVE,
                event -> new EventStream.Event(String.valueOf(event.id()), event.type().wireName(), write(event)),
                failure -> new EventStream.Event(null, "error", write(ErrorResponse.of("feed_interrupted",
                        "The progress feed broke off (" + failure.getMessage() + "); reconnect with Last-Event-ID")))));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
