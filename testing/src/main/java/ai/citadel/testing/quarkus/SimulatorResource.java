package ai.citadel.testing.quarkus;

import ai.citadel.testing.HttpSimulator;
import ai.citadel.testing.SimulatorBuilder;
import ai.citadel.testing.proxy.FaultProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.reflect.Field;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Starts a simulator before the Quarkus application and points configuration at it. Init args:
 * <ul>
 *   <li>{@code url-property}: comma-separated config keys that receive the simulator's URL</li>
 *   <li>{@code url-suffix}: appended to {@code http://127.0.0.1:<port>}, e.g. {@code /v1} (default none)</li>
 *   <li>{@code name}: for {@link InjectSimulator#value()} when a test runs several simulators of one kind</li>
 *   <li>{@code port}: a fixed port (default 0, a free one)</li>
 *   <li>{@code models}: comma-separated model names (default {@link ai.citadel.testing.SimulatedModel#defaults()})</li>
 *   <li>{@code fault-proxy}: {@code true} puts a {@link FaultProxy} between the application and the simulator (the
 *   configured URL is the proxy's), injected into {@code @InjectFaultProxy} fields with the resource's {@code name},
 *   so a test can cut the simulator off as a network would</li>
 * </ul>
 * The simulator lives as long as the resource, often several test classes; each test starts with its controls reset
 * (when the simulator is injected into the test's instance) and sets those it needs. Delays are deliberately not
 * init args, since that reset would silently undo them.
 */
public abstract class SimulatorResource<S extends HttpSimulator> implements QuarkusTestResourceLifecycleManager {

    private ResourceArgs args = new ResourceArgs(Map.of());
    private S simulator;
    private FaultProxy proxy;

    /** A builder for the simulator this resource runs. */
    protected abstract SimulatorBuilder<S> builder();

    protected abstract Class<S> simulatorType();

    /** The config keys filled when the test names none. */
    protected abstract List<String> defaultUrlProperties();

    @Override
    public void init(Map<String, String> initArgs) {
        this.args = new ResourceArgs(initArgs);
    }

    @Override
    public Map<String, String> start() {
        SimulatorBuilder<S> builder = builder().port(args.integer("port", 0));
        List<String> models = args.list("models");
        if (!models.isEmpty()) {
            builder.models(models.toArray(String[]::new));
        }
        simulator = builder.start();
        List<String> properties = args.list("url-property");
        if (properties.isEmpty()) {
            properties = defaultUrlProperties();
        }
        if (properties.isEmpty()) {
            throw new IllegalStateException(getClass().getSimpleName()
                    + " needs @ResourceArg(name = \"url-property\", value = \"<config key>\") to say where its URL goes");
        }
        String base = simulator.baseUrl();
        if (Boolean.parseBoolean(args.text("fault-proxy", "false"))) {
            proxy = FaultProxy.builder().target(URI.create(base).getHost(), URI.create(base).getPort()).start();
            base = "http://" + proxy.host() + ":" + proxy.port();
        }
        String url = base + args.text("url-suffix", "");
        Map<String, String> config = new LinkedHashMap<>();
        properties.forEach(property -> config.put(property, url));
        return config;
    }

    @Override
    public void inject(TestInjector testInjector) {
        String name = args.text("name", "");
        Predicate<Field> named = field -> {
            String wanted = field.getAnnotation(InjectSimulator.class).value();
            return wanted.isEmpty() || wanted.equals(name);
        };
        testInjector.injectIntoFields(simulator,
                new TestInjector.AnnotatedAndMatchesType(InjectSimulator.class, simulatorType()).and(named));
        if (proxy != null) {
            Predicate<Field> proxyNamed = field -> {
                String wanted = field.getAnnotation(InjectFaultProxy.class).value();
                return wanted.isEmpty() || wanted.equals(name);
            };
            testInjector.injectIntoFields(proxy,
                    new TestInjector.AnnotatedAndMatchesType(InjectFaultProxy.class, FaultProxy.class).and(proxyNamed));
            // as the controls below: a cut an earlier test left must not leak into this one
            proxy.restore();
        }
        // called for each test instance, so before each test: what an earlier test set must not leak into it
        simulator.controls().reset();
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }
}
