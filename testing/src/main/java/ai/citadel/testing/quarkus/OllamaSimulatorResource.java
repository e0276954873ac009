package ai.citadel.testing.quarkus;

import ai.citadel.testing.SimulatorBuilder;
import ai.citadel.testing.ollama.OllamaSimulator;
import java.util.List;

/**
 * An {@link OllamaSimulator} for {@code @QuarkusTest}s. Fills {@value #DEFAULT_URL_PROPERTY} (the seed catalog's
 * Ollama backend) unless {@code url-property} names other keys; see {@link SimulatorResource} for all init args.
 *
 * <pre>{@code
 * @QuarkusTest
 * @QuarkusTestResource(value = OllamaSimulatorResource.class,
 *         initArgs = @ResourceArg(name = "url-property", value = "citadel.backends.llm-02.url"))
 * class ChatTest {
 *     @InjectSimulator
 *     OllamaSimulator ollama;
 * }
 * }</pre>
 */
public class OllamaSimulatorResource extends SimulatorResource<OllamaSimulator> {

    public static final String DEFAULT_URL_PROPERTY = "citadel.backends.llm-02.url";

    @Override
    protected SimulatorBuilder<OllamaSimulator> builder() {
        return OllamaSimulator.builder();
    }

    @Override
    protected Class<OllamaSimulator> simulatorType() {
        return OllamaSimulator.class;
    }

    @Override
    protected List<String> defaultUrlProperties() {
        return List.of(DEFAULT_URL_PROPERTY);
    }
}
