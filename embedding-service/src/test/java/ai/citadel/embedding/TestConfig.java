package ai.citadel.embedding;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Configuration for one test class: its init args are the properties. Used with
 * {@code @QuarkusTestResource(value = TestConfig.class, restrictToAnnotatedClass = true, initArgs = …)} rather than a
 * {@code @TestProfile}, which the in-process model's native tokenizer library does not survive.
 */
public class TestConfig implements QuarkusTestResourceLifecycleManager {

    private Map<String, String> properties = Map.of();

    @Override
    public void init(Map<String, String> initArgs) {
        properties = Map.copyOf(initArgs);
    }

    @Override
    public Map<String, String> start() {
        return properties;
    }

    @Override
    public void stop() {
    }
}
