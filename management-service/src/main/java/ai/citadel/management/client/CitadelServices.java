package ai.citadel.management.client;

import ai.citadel.management.config.SystemConfig;
import ai.citadel.model.management.ServicesStatus;
import ai.citadel.model.management.ServicesStatus.Service;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;

import java.io.Closeable;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Citadel's services ({@code citadel.system.services.<name>.url}), asked for their readiness. Every call has the
 * deadline {@code citadel.system.service-timeout}; no circuit breaker and no retry: a status page must show each
 * service as it is at this moment, and a service that is down costs one deadline at most.
 */
@ApplicationScoped
public class CitadelServices {

    private record Target(String name, URI url, ServiceHealthApi api) {
    }

    private final List<Target> targets;
    private final Duration timeout;

    CitadelServices(SystemConfig config) {
        this.timeout = config.serviceTimeout();
        this.targets = new TreeMap<>(config.services()).entrySet().stream()
                .map(service -> new Target(service.getKey(), service.getValue().url(), client(service.getValue().url())))
                .toList();
    }

    private ServiceHealthApi client(URI url) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(url)
                .connectTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                // a 503 is an answer (the service says what is down), not a failure
                .disableDefaultMapper(true)
                .build(ServiceHealthApi.class);
    }

    /** Every service, asked at once, in name order. */
    public Uni<ServicesStatus> status() {
        if (targets.isEmpty()) {
            return Uni.createFrom().item(ServicesStatus.of(List.of()));
        }
        return Uni.join().all(targets.stream().map(this::status).toList()).andFailFast()
                .map(ServicesStatus::of);
    }

    private Uni<Service> status(Target target) {
        String url = target.url().toString();
        return Uni.createFrom().deferred(() -> {
            long start = System.nanoTime();
            return target.api().ready()
                    .ifNoItem().after(timeout).fail()
                    .map(answer -> answered(target, answer, millisSince(start)))
                    .onFailure().recoverWithItem(failure -> new Service(target.name(), url, false, null, null,
                            null, null, Failures.describe(failure, timeout)));
        });
    }

    private static Service answered(Target target, Response answer, long latencyMs) {
        String url = target.url().toString();
        ServiceHealthApi.Health health;
        try {
            // read whatever the status: a 503's body says what is down
            health = answer.readEntity(ServiceHealthApi.Health.class);
        } catch (RuntimeException notHealth) {
            health = null;
        }
        if (health == null || health.status() == null) {
            return new Service(target.name(), url, false, null, null, latencyMs, null,
                    "answered HTTP " + answer.getStatus() + " without a health status");
        }
        List<String> down = health.checks() == null ? List.of() : health.checks().stream()
                .filter(check -> !"UP".equals(check.status())).map(ServiceHealthApi.Check::name).toList();
        boolean ready = answer.getStatus() == 200 && "UP".equals(health.status());
        return new Service(target.name(), url, ready, health.status(), health.version(), latencyMs,
                down.isEmpty() ? null : down, null);
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    @PreDestroy
    void close() throws IOException {
        for (Target target : targets) {
            if (target.api() instanceof Closeable closeable) {
                closeable.close();
            }
        }
    }
}
