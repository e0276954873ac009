package ai.citadel.testing.quarkus;

import ai.citadel.testing.SimulatorBuilder;
import ai.citadel.testing.openai.OpenAiSimulator;
import java.util.List;

/**
 * An {@link OpenAiSimulator} (vLLM-like) for {@code @QuarkusTest}s. There is no default backend of this type, so
 * {@code url-property} is required; add {@code url-suffix=/v1} if the client expects OpenAI's base URL. See
 * {@link SimulatorResource} for all init args.
 *
 * <pre>{@code
 * @QuarkusTestResource(value = OpenAiSimulatorResource.class, initArgs = {
 *         @ResourceArg(name = "url-property", value = "citadel.backends.vllm-01.url"),
 *         @ResourceArg(name = "models", value = "mixtral:latest")})
 * }</pre>
 */
public class OpenAiSimulatorResource extends SimulatorResource<OpenAiSimulator> {

    @Override
    protected SimulatorBuilder<OpenAiSimulator> builder() {
        return OpenAiSimulator.builder();
    }

    @Override
    protected Class<OpenAiSimulator> simulatorType() {
        return OpenAiSimulator.class;
    }

    @Override
    protected List<String> defaultUrlProperties() {
        return List.of();
    }
}
