package ai.citadel.testing.quarkus;

import ai.citadel.testing.qdrant.QdrantSimulator;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link QdrantSimulator} for {@code @QuarkusTest}s. Init args: {@code url-property} (comma-separated config keys
 * receiving its URL; default {@value #DEFAULT_URL_PROPERTY}) and {@code port} (default 0, a free one). Inject it
 * with {@code @InjectSimulator QdrantSimulator qdrant;}.
 */
public class QdrantSimulatorResource implements QuarkusTestResourceLifecycleManager {

    public static final String DEFAULT_URL_PROPERTY = "citadel.embedding.vectors.qdrant.url";

    private ResourceArgs args = new ResourceArgs(Map.of());
    private QdrantSimulator simulator;

    @Override
    public void init(Map<String, String> initArgs) {
        args = new ResourceArgs(initArgs);
    }

    @Override
    public Map<String, String> start() {
        simulator = QdrantSimulator.start(args.integer("port", 0));
        List<String> properties = args.list("url-property");
        return (properties.isEmpty() ? List.of(DEFAULT_URL_PROPERTY) : properties).stream()
                .collect(Collectors.toMap(property -> property, property -> simulator.baseUrl()));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(simulator,
                new TestInjector.AnnotatedAndMatchesType(InjectSimulator.class, QdrantSimulator.class));
    }

    @Override
    public void stop() {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }
}
