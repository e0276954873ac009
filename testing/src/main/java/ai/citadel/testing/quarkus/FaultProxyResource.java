package ai.citadel.testing.quarkus;

import ai.citadel.testing.proxy.FaultProxy;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Puts a {@link FaultProxy} between the application and a local server, so a test can take the server away
 * ({@code cut()}, {@code blackhole()}) and bring it back ({@code restore()}). Init args: {@code target}
 * ({@code host:port}), {@code port} (where the proxy listens, default a free one), {@code name} (for
 * {@link InjectFaultProxy#value()}), {@code url-property} (the config key, default per server).
 * The servers it fronts are the subclasses in this package.
 */
public abstract class FaultProxyResource implements QuarkusTestResourceLifecycleManager {

    private ResourceArgs args = new ResourceArgs(Map.of());
    private FaultProxy proxy;

    /** {@code host:port} of the real server. */
    abstract String defaultTarget();

    abstract String defaultName();

    abstract String defaultUrlProperty();

    /** The URL the application uses to reach the server through the proxy. */
    abstract String url(int proxyPort, ResourceArgs args);

    @Override
    public void init(Map<String, String> initArgs) {
        this.args = new ResourceArgs(initArgs);
    }

    @Override
    public Map<String, String> start() {
        proxy = FaultProxy.builder()
                .target(args.text("target", defaultTarget()))
                .listenPort(args.integer("port", 0))
                .start();
        return Map.of(args.text("url-property", defaultUrlProperty()), url(proxy.port(), args));
    }

    @Override
    public void inject(TestInjector testInjector) {
        String name = args.text("name", defaultName());
        Predicate<Field> named = field -> {
            String wanted = field.getAnnotation(InjectFaultProxy.class).value();
            return wanted.isEmpty() || wanted.equals(name);
        };
        testInjector.injectIntoFields(proxy,
                new TestInjector.AnnotatedAndMatchesType(InjectFaultProxy.class, FaultProxy.class).and(named));
    }

    @Override
    public void stop() {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
    }
}
