package ai.citadel.management;

import ai.citadel.testing.contract.FuzzTest;
import ai.citadel.testing.contract.PublishedApi;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;

import java.util.Map;

/** The management API as an admin calls it, against the two simulated Ollama hosts and the simulated gateway. */
@QuarkusTest
@TestProfile(ManagementProfile.class)
class ManagementFuzzTest extends FuzzTest {

    /** Every management route needs an operator; the admin may call them all (a model no host has: see samples). */
    @Override
    protected String authorization(PublishedApi.Operation operation) {
        return Tokens.bootstrapAdmin();
    }

    @Override
    protected Map<String, JsonNode> samples() {
        return Map.of("name", TextNode.valueOf("fuzz-model:latest"), "host", TextNode.valueOf("llm-01"));
    }
}
