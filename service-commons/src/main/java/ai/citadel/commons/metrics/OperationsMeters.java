package ai.citadel.commons.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.jvm.DiskSpaceMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/**
 * Meters the alert rules and the dashboard need beyond Quarkus' own (deploy/monitoring, docs/operations.md#monitoring):
 * the free space of the service's disks, and latency buckets on every HTTP request so that a p99 per service can be
 * computed ({@code http_server_requests_seconds_bucket}). A fixed, short list of buckets rather than Micrometer's
 * percentile histogram: the series are multiplied by every route, method and status.
 */
@Singleton
public class OperationsMeters {

    static final String HTTP_SERVER_REQUESTS = "http.server.requests";
    static final double[] HTTP_BUCKETS_NANOS = Stream.of(Duration.ofMillis(5), Duration.ofMillis(10),
                    Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
                    Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
                    Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60))
            .mapToDouble(Duration::toNanos).toArray();

    @Produces
    @Singleton
    MeterBinder diskSpace(MetricsConfig config) {
        return registry -> config.diskPaths().stream()
                .map(path -> Path.of(path).toAbsolutePath().normalize().toFile())
                .distinct()
                .forEach(directory -> new DiskSpaceMetrics(directory).bindTo(registry));
    }

    @Produces
    @Singleton
    MeterFilter httpServerBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return HTTP_SERVER_REQUESTS.equals(id.getName())
                        ? DistributionStatisticConfig.builder().serviceLevelObjectives(HTTP_BUCKETS_NANOS).build()
                                .merge(config)
                        : config;
            }
        };
    }
}
