package ai.citadel.commons.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.logging.Log;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.stream.Collectors;

/**
 * Turns every failure into a JSON error body (docs/architecture.md#errors): a 4xx that says what is wrong, a 500 that
 * says nothing internal. No HTML pages, no stack traces.
 */
public class ErrorMappers {

    private final ErrorBodies bodies;

    public ErrorMappers(ErrorBodies bodies) {
        this.bodies = bodies;
    }

    @ServerExceptionMapper
    public Response notFound(NotFoundException e, UriInfo uri) {
        String path = "/" + uri.getPath().replaceFirst("^/", "");
        return bodies.response(path, 404, "not_found", "No resource at " + path, null);
    }

    @ServerExceptionMapper
    public Response methodNotAllowed(NotAllowedException e, UriInfo uri, Request request) {
        return bodies.response(uri.getPath(), 405, "method_not_allowed",
                request.getMethod() + " is not supported on " + uri.getPath(), null);
    }

    @ServerExceptionMapper
    public Response unsupportedMediaType(NotSupportedException e, UriInfo uri, HttpHeaders headers) {
        // the header as sent: parsing it (getMediaType) throws on an empty or malformed one, which would be a 500
        String header = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        String sent = header == null ? "none" : header.isBlank() ? "(empty)" : header;
        return bodies.response(uri.getPath(), 415, "unsupported_media_type",
                "Content-Type " + sent + " is not supported here; send application/json", null);
    }

    /** Quarkus maps this one itself unless a mapper names it exactly. */
    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e, UriInfo uri) {
        return invalidJson(e, uri);
    }

    /** Malformed JSON, a wrong type or an unknown enum value in the body. */
    @ServerExceptionMapper
    public Response invalidJson(JsonProcessingException e, UriInfo uri) {
        String param = e instanceof JsonMappingException mapping ? fieldPath(mapping) : null;
        String message = switch (e) {
            case UnrecognizedPropertyException u -> "Unknown field '" + u.getPropertyName() + "'";
            case InvalidFormatException f -> "Invalid value " + f.getValue() + " for '" + param + "'; expected "
                    + f.getTargetType().getSimpleName();
            case MismatchedInputException m when param != null -> "Wrong type for '" + param + "': expected "
                    + (m.getTargetType() == null ? "another type" : m.getTargetType().getSimpleName());
            default -> "Malformed JSON body: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr());
        };
        return bodies.response(uri.getPath(), 400, "invalid_json", message, param);
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, UriInfo uri) {
        ConstraintViolation<?> first = e.getConstraintViolations().iterator().next();
        String param = paramOf(first.getPropertyPath());
        String message = e.getConstraintViolations().stream()
                .map(v -> "'" + paramOf(v.getPropertyPath()) + "' " + v.getMessage())
                .sorted()
                .collect(Collectors.joining("; "));
        return bodies.response(uri.getPath(), 400, "invalid_request", message, param);
    }

    @ServerExceptionMapper
    public Response api(ApiException e, UriInfo uri) {
        Response.ResponseBuilder response = Response.fromResponse(
                bodies.response(uri.getPath(), e.status(), e.code(), e.getMessage(), e.param()));
        e.headers().forEach(response::header);
        return response.build();
    }

    /** Any other status a resource chose (401, 409 …) keeps its status and gets the JSON body. */
    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof JsonProcessingException json) {
            return invalidJson(json, uri);
        }
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            return internalError(e, uri);
        }
        String reason = e.getResponse().getStatusInfo().getReasonPhrase();
        String message = e.getMessage() == null || e.getMessage().startsWith("HTTP ") ? reason : e.getMessage();
        return bodies.response(uri.getPath(), status, codeOf(reason), message, null);
    }

    @ServerExceptionMapper
    public Response internalError(Throwable e, UriInfo uri) {
        Log.errorf(e, "Unhandled error on %s", uri.getPath());
        return bodies.response(uri.getPath(), 500, "internal_error",
                "Internal server error; the request id in X-Request-Id identifies it in the logs", null);
    }

    private static String fieldPath(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return path.isEmpty() ? null : path;
    }

    /**
     * The field a violation is about, as the caller wrote it: bean validation's {@code chat.request.messages[0]
     * .content.parts[1].type} (method, parameter, list element nodes; the Java side of {@code content}) becomes
     * {@code messages[0].content[1].type}. Node names are already JSON names ({@link JsonPropertyNames}).
     */
    static String paramOf(Path path) {
        StringBuilder param = new StringBuilder();
        String previous = null;
        for (Path.Node node : path) {
            ElementKind kind = node.getKind();
            if (kind != ElementKind.PROPERTY && kind != ElementKind.CONTAINER_ELEMENT && kind != ElementKind.BEAN) {
                continue;
            }
            if (node.isInIterable()) {
                param.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            // MessageContent is written as its parts array itself: content[1], not content.parts[1]
            boolean contentParts = "parts".equals(node.getName()) && "content".equals(previous);
            if (kind == ElementKind.PROPERTY && !contentParts) {
                param.append(param.isEmpty() ? "" : ".").append(node.getName());
            }
            previous = node.getName();
        }
        return param.isEmpty() ? null : param.toString();
    }

    static String codeOf(String reason) {
        return reason.toLowerCase().replaceAll("[^a-z0-9]+", "_");
    }
}
