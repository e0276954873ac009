package ai.citadel.management;

import ai.citadel.testing.quarkus.OllamaSimulatorResource;
import ai.citadel.testing.quarkus.OpenAiSimulatorResource;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

import java.util.List;
import java.util.Map;

/**
 * The management service as operators meet it: an OIDC issuer (WireMock), two Ollama hosts ({@code llm-01}, and
 * {@code llm-02} behind a fault proxy so a test can cut it off) and a gateway whose catalog is served by the
 * OpenAI simulator. Every test class with this profile shares one application.
 */
public class ManagementProfile implements QuarkusTestProfile {

    /** The issuer the test tokens name ({@link Tokens}). */
    static final String ISSUER = "https://server.example.com";
    /**
     * The gateway's catalog in these tests: models on both hosts, on llm-01 only, one that tests pull and delete, and
     * one no host ever has.
     */
    public static final String CATALOG = "phi3:latest,nomic-embed-text:latest,llama3.1:8b,absent-model:latest";
    /** What llm-02 holds at start; llm-01 holds the simulator's default models. */
    public static final String LLM_02_MODELS = "phi3:latest,all-minilm:latest";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                // the fuzz test sends thousands of calls as one admin; RateLimitTest has its own limit
                "citadel.rate-limit.requests-per-minute", "0",
                // the registry follows changes made behind the service's back within a test's patience
                "citadel.registry.refresh-interval", "1s",
                // a host cut off by a test is tried again soon after it is back
                "citadel.ollama.circuit-breaker.delay", "300ms",
                "quarkus.oidc.tenant-enabled", "true",
                "quarkus.oidc.auth-server-url", "${keycloak.url}/realms/quarkus/",
                "quarkus.oidc.token.issuer", ISSUER);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(OidcWiremockTestResource.class),
                new TestResourceEntry(OllamaSimulatorResource.class, Map.of(
                        "name", "llm-01", "url-property", "citadel.ollama-hosts.llm-01.url")),
                new TestResourceEntry(OllamaSimulatorResource.class, Map.of(
                        "name", "llm-02", "url-property", "citadel.ollama-hosts.llm-02.url",
                        "models", LLM_02_MODELS, "fault-proxy", "true")),
                new TestResourceEntry(OpenAiSimulatorResource.class, Map.of(
                        "name", "gateway", "url-property", "citadel.gateway.url", "models", CATALOG)));
    }
}
