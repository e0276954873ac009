package ai.citadel.testing.contract;

import static io.restassured.RestAssured.given;

/** Reads series from the service's {@code /metrics}, as Prometheus would scrape them. */
public final class MetricsScrape {

    private MetricsScrape() {
    }

    /**
     * @param series the series name with its labels exactly as exposed, e.g.
     *               {@code citadel_backend_circuit_state{backend="llm-01"}}
     * @return its value, or 0 when the series does not exist (yet)
     */
    public static double value(String series) {
        return given().get("/metrics").asString().lines()
                .filter(line -> line.startsWith(series + " "))
                .mapToDouble(line -> Double.parseDouble(line.substring(series.length() + 1).trim()))
                .findFirst().orElse(0);
    }

    /** The sum of every series of a metric whose labels contain all the given {@code name="value"} pairs. */
    public static double sum(String metric, String... labels) {
        return given().get("/metrics").asString().lines()
                .filter(line -> line.startsWith(metric + "{") || line.startsWith(metric + " "))
                .filter(line -> {
                    for (String label : labels) {
                        if (!line.contains(label)) {
                            return false;
                        }
                    }
                    return true;
                })
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
