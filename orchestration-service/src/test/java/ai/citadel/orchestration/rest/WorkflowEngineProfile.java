package ai.citadel.orchestration.rest;

import ai.citadel.testing.quarkus.EmbeddingServiceSimulatorResource;
import ai.citadel.testing.quarkus.OpenAiSimulatorResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

import java.util.List;
import java.util.Map;

/**
 * The workflow engine against simulators of two gateways (llm-01, llm-02) and of the embedding service, with people
 * signing in through an OIDC issuer, and the engine's timings shortened so retries, leases and rescues happen within
 * a test.
 */
public class WorkflowEngineProfile implements QuarkusTestProfile {

    static final String ISSUER = "https://server.example.com";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("quarkus.oidc.tenant-enabled", "true"),
                Map.entry("quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus/"),
                Map.entry("quarkus.oidc.token.issuer", ISSUER),
                Map.entry("citadel.workflows.worker.poll-interval", "200ms"),
                Map.entry("citadel.workflows.worker.lease", "3s"),
                Map.entry("citadel.workflows.worker.lease-renewal", "1s"),
                Map.entry("citadel.workflows.worker.rescue-interval", "1s"),
                Map.entry("citadel.workflows.retry.backoff", "50ms"),
                Map.entry("citadel.workflows.monitor-interval", "1s"),
                // tests that make gateways fail must not leave circuits open for the next test
                Map.entry("citadel.llm.circuit-breaker.request-volume-threshold", "50"),
                Map.entry("citadel.llm.circuit-breaker.delay", "100ms"),
                Map.entry("citadel.workflows.events.token-flush-interval", "20ms"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(OidcWiremockTestResource.class),
                new TestResourceEntry(OpenAiSimulatorResource.class,
                        Map.of("name", "llm-01", "url-property", "citadel.gateways.llm-01.url")),
                new TestResourceEntry(OpenAiSimulatorResource.class,
                        Map.of("name", "llm-02", "url-property", "citadel.gateways.llm-02.url")),
                new TestResourceEntry(EmbeddingServiceSimulatorResource.class));
    }
}
