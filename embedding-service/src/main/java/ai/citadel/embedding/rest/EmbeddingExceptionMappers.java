package ai.citadel.embedding.rest;

import ai.citadel.commons.rest.ErrorBodies;
import ai.citadel.embedding.inference.BatcherOverloadedException;
import ai.citadel.embedding.inference.InputTooLongException;
import ai.citadel.embedding.repository.DatabaseUnavailableException;
import ai.citadel.embedding.service.InputRejectedException;
import ai.citadel.embedding.service.ModelUnavailableException;
import ai.citadel.embedding.service.UnknownModelException;
import ai.citadel.embedding.vector.VectorStoreUnavailableException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The embedding service's own failures, in the envelope of the path (service-commons' {@link ErrorBodies}). */
public class EmbeddingExceptionMappers {

    /** An overloaded batcher drains a full queue in seconds; a client retrying after one second sees it move. */
    private static final String RETRY_AFTER_SECONDS = "1";

    private final ErrorBodies bodies;

    public EmbeddingExceptionMappers(ErrorBodies bodies) {
        this.bodies = bodies;
    }

    @ServerExceptionMapper
    public Response unknownModel(UnknownModelException e, UriInfo uri) {
        return bodies.response(uri.getPath(), 400, "unknown_model", e.getMessage(), "model");
    }

    @ServerExceptionMapper
    public Response inputTooLong(InputTooLongException e, UriInfo uri) {
        return bodies.response(uri.getPath(), 400, "input_too_long", e.getMessage(), "input");
    }

    @ServerExceptionMapper
    public Response inputRejected(InputRejectedException e, UriInfo uri) {
        return bodies.response(uri.getPath(), 400, "input_rejected", e.getMessage(), "input");
    }

    @ServerExceptionMapper
    public Response modelUnavailable(ModelUnavailableException e, UriInfo uri) {
        return bodies.response(uri.getPath(), 503, "model_unavailable", e.getMessage(), "model");
    }

    /** A full queue or a passed deadline: come back soon rather than wait here. */
    @ServerExceptionMapper
    public Response overloaded(BatcherOverloadedException e, UriInfo uri) {
        return Response.fromResponse(bodies.response(uri.getPath(), 503, "overloaded", e.getMessage(), null))
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    @ServerExceptionMapper
    public Response databaseUnavailable(DatabaseUnavailableException e, UriInfo uri) {
        return Response.fromResponse(bodies.response(uri.getPath(), 503, "database_unavailable", e.getMessage(), null))
                .header("Retry-After", RETRY_AFTER_SECONDS).build();
    }

    @ServerExceptionMapper
    public Response vectorStoreUnavailable(VectorStoreUnavailableException e, UriInfo uri) {
        return bodies.response(uri.getPath(), 503, "vector_store_unavailable", e.getMessage(), null);
    }
}
