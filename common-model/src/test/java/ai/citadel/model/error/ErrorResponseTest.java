package ai.citadel.model.error;

import ai.citadel.model.WireJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static ai.citadel.model.WireJson.assertSameJson;
import static ai.citadel.model.WireJson.write;

/** Citadel error envelope {@code {"error":{"code","message","details"}}} used outside {@code /v1/*}. */
class ErrorResponseTest {

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"error/error-response.json", "error/error-response-minimal.json"})
    void exampleRoundTrips(String resource) {
        WireJson.assertRoundTrip(resource, ErrorResponse.class);
    }

    @Test
    void detailsAreLeftOutWhenAbsent() {
        assertSameJson("{\"error\":{\"code\":\"not_found\",\"message\":\"no such workflow\"}}",
                write(ErrorResponse.of("not_found", "no such workflow")), "without details");
        assertSameJson("{\"error\":{\"code\":\"invalid_request\",\"message\":\"bad\",\"details\":{\"field\":\"text\"}}}",
                write(ErrorResponse.of("invalid_request", "bad", Map.of("field", "text"))), "with details");
    }
}
