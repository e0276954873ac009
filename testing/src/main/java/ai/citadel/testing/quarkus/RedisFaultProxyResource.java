package ai.citadel.testing.quarkus;

/**
 * A fault proxy in front of the local Redis (127.0.0.1:6379); sets {@code quarkus.redis.hosts} to
 * {@code redis://127.0.0.1:<proxy port>}. Inject with {@code @InjectFaultProxy("redis") FaultProxy redis;}.
 */
public class RedisFaultProxyResource extends FaultProxyResource {

    @Override
    String defaultTarget() {
        return "127.0.0.1:6379";
    }

    @Override
    String defaultName() {
        return "redis";
    }

    @Override
    String defaultUrlProperty() {
        return "quarkus.redis.hosts";
    }

    @Override
    String url(int proxyPort, ResourceArgs args) {
        return "redis://127.0.0.1:" + proxyPort;
    }
}
