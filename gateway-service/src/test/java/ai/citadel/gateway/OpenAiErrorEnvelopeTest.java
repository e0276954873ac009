package ai.citadel.gateway;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

/** OpenAI clients parse {@code {"error":{"message","type","param","code"}}}; the gateway's /v1 paths answer in it. */
@QuarkusTest
class OpenAiErrorEnvelopeTest {

    @Test
    void unknownV1RouteAnswersInTheOpenAiEnvelope() {
        given().get("/v1/no-such-endpoint").then()
                .statusCode(404)
                .contentType(ContentType.JSON)
                .body("error.message", containsString("/v1/no-such-endpoint"))
                .body("error.type", equalTo("not_found_error"))
                .body("error", hasKey("param"))
                .body("error.code", equalTo("not_found"));
    }

    @Test
    void pathsOutsideV1KeepTheCitadelEnvelope() {
        given().get("/admin/no-such-endpoint").then()
                .statusCode(404)
                .body("error.code", equalTo("not_found"))
                .body("error", not(hasKey("type")));
    }
}
