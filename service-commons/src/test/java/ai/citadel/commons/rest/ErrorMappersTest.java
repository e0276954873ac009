package ai.citadel.commons.rest;

import ai.citadel.model.error.ErrorResponse;
import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.OpenAiErrorResponse;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.hibernate.validator.HibernateValidator;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every failure a request can cause comes back as a 4xx in the envelope its path promises, naming the field. */
class ErrorMappersTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ErrorMappers mappers = new ErrorMappers(new ErrorBodies(() -> Optional.of(List.of("/v1/"))));

    /** JAX-RS's view of the request path; only the path is read. */
    private static UriInfo uri(String path) {
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getPath" -> path;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private static JsonProcessingException parsingFailure(String body) {
        return assertThrows(JsonProcessingException.class, () -> JSON.readValue(body, ChatCompletionRequest.class));
    }

    private static OpenAiErrorResponse.Error openAi(Response response) {
        return ((OpenAiErrorResponse) response.getEntity()).error();
    }

    @Test
    void wrongTypesAndValuesNameTheFieldAsSent() {
        OpenAiErrorResponse.Error wrongType = openAi(mappers.invalidJson(parsingFailure("""
                {"model":"m","messages":[],"temperature":{"hot":true}}"""), uri("/v1/chat/completions")));
        assertEquals("temperature", wrongType.param());
        assertEquals("invalid_json", wrongType.code());
        assertEquals("invalid_request_error", wrongType.type());
        assertTrue(wrongType.message().startsWith("Wrong type for 'temperature'"), wrongType.message());

        OpenAiErrorResponse.Error badRole = openAi(mappers.invalidJson(parsingFailure("""
                {"model":"m","messages":[{"role":"wizard","content":"hi"}]}"""), uri("/v1/chat/completions")));
        assertEquals("messages[0].role", badRole.param());
        assertTrue(badRole.message().startsWith("Invalid value wizard for 'messages[0].role'"), badRole.message());
    }

    @Test
    void brokenJsonSaysWhere() {
        Response response = mappers.invalidJson(parsingFailure("{\"model\":\"m\",\n\"stream\": tru}"),
                uri("/v1/chat/completions"));
        assertEquals(400, response.getStatus());
        assertNull(openAi(response).param());
        assertTrue(openAi(response).message().contains("at line 2"), openAi(response).message());
    }

    @Test
    void pathsOutsideTheOpenAiApiGetCitadelsEnvelope() {
        Response response = mappers.invalidJson(parsingFailure("{\"model\":\"m\",\"n\":\"two\"}"),
                uri("/api/v1/workflows"));
        ErrorResponse.Error error = ((ErrorResponse) response.getEntity()).error();
        assertEquals("invalid_json", error.code());
        assertEquals(Map.of("param", "n"), error.details());
        // matrix parameters are no part of the route: /v1;x/… is still the OpenAI API
        assertTrue(mappers.invalidJson(parsingFailure("{"), uri("/v1;x/chat/completions")).getEntity()
                instanceof OpenAiErrorResponse);
    }

    @Test
    void constraintViolationsListEveryFieldAndNameTheFirst() throws Exception {
        ChatCompletionRequest request = JSON.readValue("""
                {"model":" ","top_p":2,"messages":[{"role":"user","content":"hi"}]}""", ChatCompletionRequest.class);
        try (ValidatorFactory factory = Validation.byProvider(HibernateValidator.class).configure()
                .propertyNodeNameProvider(new JsonPropertyNames(JSON)).buildValidatorFactory()) {
            Response response = mappers.constraintViolation(
                    new ConstraintViolationException(factory.getValidator().validate(request)),
                    uri("/v1/chat/completions"));
            OpenAiErrorResponse.Error error = openAi(response);
            assertEquals(400, response.getStatus());
            assertEquals("invalid_request", error.code());
            assertTrue(List.of("model", "top_p").contains(error.param()), error.param());
            assertTrue(error.message().contains("'model' must not be blank"), error.message());
            assertTrue(error.message().contains("'top_p' must be less than or equal to 1"), error.message());
        }
    }

    @Test
    void apiExceptionsKeepStatusCodeParamAndHeaders() {
        Response response = mappers.api(new ApiException(429, "rate_limit_exceeded", "slow down", null,
                Map.of("Retry-After", "3")), uri("/v1/embeddings"));
        assertEquals(429, response.getStatus());
        assertEquals("3", response.getHeaderString("Retry-After"));
        assertEquals("rate_limit_error", openAi(response).type());
        assertEquals("rate_limit_exceeded", openAi(response).code());
    }

    @Test
    void otherClientErrorsKeepTheirStatusWithACodeFromTheReason() {
        Response response = mappers.webApplication(new WebApplicationException(409), uri("/api/v1/vectors/store"));
        assertEquals(409, response.getStatus());
        assertEquals("conflict", ((ErrorResponse) response.getEntity()).error().code());
        assertEquals("request_entity_too_large", ErrorMappers.codeOf("Request Entity Too Large"));
    }
}
