package ai.citadel.testing.quarkus;

import ai.citadel.testing.SimulatorBuilder;
import ai.citadel.testing.embedding.EmbeddingServiceSimulator;
import java.util.List;

/**
 * An {@link EmbeddingServiceSimulator} for {@code @QuarkusTest}s of the services that call embedding-service. Fills
 * {@value #DEFAULT_URL_PROPERTY} (the gateway's REST client) unless {@code url-property} names other keys; see
 * {@link SimulatorResource} for all init args.
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(value = EmbeddingServiceSimulatorResource.class, restrictToAnnotatedClass = true)
 * class EmbeddingsTest {
 *     @InjectSimulator
 *     EmbeddingServiceSimulator embeddingService;
 * }
 * }</pre>
 */
public class EmbeddingServiceSimulatorResource extends SimulatorResource<EmbeddingServiceSimulator> {

    public static final String DEFAULT_URL_PROPERTY = "quarkus.rest-client.embedding-service.url";

    @Override
    protected SimulatorBuilder<EmbeddingServiceSimulator> builder() {
        return EmbeddingServiceSimulator.builder();
    }

    @Override
    protected Class<EmbeddingServiceSimulator> simulatorType() {
        return EmbeddingServiceSimulator.class;
    }

    @Override
    protected List<String> defaultUrlProperties() {
        return List.of(DEFAULT_URL_PROPERTY);
    }
}
