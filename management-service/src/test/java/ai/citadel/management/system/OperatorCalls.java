package ai.citadel.management.system;

import ai.citadel.management.Tokens;
import io.restassured.specification.RequestSpecification;

import static io.restassured.RestAssured.given;

/** The system views are read-only: the tests call them as a person with role {@code operator}. */
final class OperatorCalls {

    private OperatorCalls() {
    }

    static RequestSpecification asOperator() {
        return given().header("Authorization", Tokens.operator());
    }
}
