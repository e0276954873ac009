package ai.citadel.commons.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OperationsMetersTest {

    private final OperationsMeters meters = new OperationsMeters();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    @Test
    void eachConfiguredDirectoryOnceWithItsFreeAndTotalSpace(@TempDir Path directory) {
        String same = directory + "/sub/..";
        meters.diskSpace(() -> List.of(directory.toString(), same)).bindTo(registry);

        Gauge free = registry.get("disk.free").tag("path", directory.toString()).gauge();
        Gauge total = registry.get("disk.total").tag("path", directory.toString()).gauge();
        assertEquals(1, registry.find("disk.free").gauges().size());
        assertTrue(free.value() > 0 && free.value() <= total.value(), free.value() + " of " + total.value());
        String scrape = registry.scrape();
        assertTrue(scrape.contains("disk_free_bytes{path=\"" + directory + "\","), scrape);
    }

    @Test
    void httpServerRequestsGetLatencyBucketsAndOtherTimersDoNot() {
        registry.config().meterFilter(meters.httpServerBuckets());
        Timer http = Timer.builder(OperationsMeters.HTTP_SERVER_REQUESTS).tag("uri", "/v1").register(registry);
        Timer other = Timer.builder("citadel.other").register(registry);
        http.record(Duration.ofMillis(30));
        other.record(Duration.ofMillis(30));

        CountAtBucket[] buckets = http.takeSnapshot().histogramCounts();
        assertEquals(OperationsMeters.HTTP_BUCKETS_NANOS.length, buckets.length);
        assertEquals(0, Arrays.stream(buckets).filter(b -> b.bucket() < 25e6).mapToDouble(CountAtBucket::count).sum());
        assertEquals(1, Arrays.stream(buckets).filter(b -> b.bucket() == 50e6).findFirst().orElseThrow().count());
        assertEquals(0, other.takeSnapshot().histogramCounts().length);
        assertTrue(registry.scrape().contains("http_server_requests_seconds_bucket{uri=\"/v1\",le=\"0.05\",} 1.0"),
                registry.scrape());
    }
}
