package ai.citadel.gateway;

import ai.citadel.testing.contract.FuzzTest;
import ai.citadel.testing.contract.PublishedApi;
import ai.citadel.testing.quarkus.EmbeddingServiceSimulatorResource;
import ai.citadel.testing.quarkus.OllamaSimulatorResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Map;

/** The gateway in its test profile (API keys off), with an Ollama backend and embedding-service behind it. */
@QuarkusTest
@QuarkusTestResource(value = OllamaSimulatorResource.class, restrictToAnnotatedClass = true)
@QuarkusTestResource(value = EmbeddingServiceSimulatorResource.class, restrictToAnnotatedClass = true)
class GatewayFuzzTest extends FuzzTest {

    /** The key administration needs an operator; the model API takes the service token (without rate limits). */
    @Override
    protected String authorization(PublishedApi.Operation operation) {
        return operation.path().startsWith("/admin/")
                ? "Bearer " + ConfigProvider.getConfig().getValue("citadel.auth.admin-token", String.class)
                : super.authorization(operation);
    }

    @Override
    protected Map<String, JsonNode> samples() {
        return Map.of("model", TextNode.valueOf("phi3"), "role", TextNode.valueOf("user"));
    }
}
