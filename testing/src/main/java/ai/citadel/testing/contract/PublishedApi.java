package ai.citadel.testing.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;

/**
 * The operations the running service publishes in its OpenAPI document ({@code /q/openapi}), for contract tests that
 * must cover every one of them, in a stable order (path, then method).
 */
public final class PublishedApi {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private final JsonNode document;

    private PublishedApi(JsonNode document) {
        this.document = document;
    }

    public static PublishedApi fetch() throws IOException {
        String document = given().accept("application/json")
                .get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        return new PublishedApi(new ObjectMapper().readTree(document));
    }

    /**
     * One operation: its method (upper case), its path template ({@code /items/{id}}) and its OpenAPI definition.
     */
    public record Operation(String method, String path, JsonNode definition) {

        /** The path with every parameter replaced by one placeholder value. */
        public String path(String parameterValue) {
            return path.replaceAll("\\{[^}]+}", parameterValue);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    public List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = document.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> path = it.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (METHODS.contains(op.getKey())) {
                    operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(), op.getValue()));
                }
            }
        }
        operations.sort(Comparator.comparing((Operation operation) -> operation.path())
                .thenComparing(Operation::method));
        return operations;
    }

    /** The schema itself, or the component a {@code $ref} names (followed until it is no reference). */
    public JsonNode resolve(JsonNode schema) {
        JsonNode current = schema;
        for (int hops = 0; current.has("$ref") && hops < 16; hops++) {
            String ref = current.get("$ref").asText();
            current = document.at(ref.startsWith("#") ? ref.substring(1) : ref);
        }
        return current;
    }
}
