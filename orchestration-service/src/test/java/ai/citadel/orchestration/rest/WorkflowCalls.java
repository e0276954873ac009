package ai.citadel.orchestration.rest;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;

import java.time.Duration;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Calls of the workflow API as the tests make them, with people's OIDC tokens. */
final class WorkflowCalls {

    static final Duration WAIT = Duration.ofSeconds(20);

    private WorkflowCalls() {
    }

    /** A bearer token of the test issuer for a person with the given subject and roles. */
    static String person(String subject, String... roles) {
        return "Bearer " + Jwt.subject(subject).preferredUserName(subject).groups(Set.of(roles)).audience("citadel")
                .issuer(WorkflowEngineProfile.ISSUER).sign("privateKey.jwk");
    }

    /** Submits as the service (the tests' default credential) and answers the workflow id. */
    static String submit(String workflow) {
        return given().contentType(ContentType.JSON).body(workflow).post("/api/v1/workflows")
                .then().statusCode(202).extract().path("workflow_id");
    }

    static String submit(String workflow, String authorization) {
        return given().header("Authorization", authorization).contentType(ContentType.JSON).body(workflow)
                .post("/api/v1/workflows").then().statusCode(202).extract().path("workflow_id");
    }

    /** Waits until the workflow reaches {@code status}, then answers its state. */
    static JsonPath awaitStatus(String id, String status) {
        return awaitStatus(id, status, person("test-admin", "admin"));
    }

    static JsonPath awaitStatus(String id, String status, String authorization) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = given().header("Authorization", authorization).get("/api/v1/workflows/" + id).then()
                    .statusCode(200).extract().jsonPath();
            return status.equals(last[0].getString("status"));
        });
        return last[0];
    }
}
