package ai.citadel.gateway.service.routing;

import ai.citadel.gateway.config.GatewayConfig.RoutingStrategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The order in which one request tries a model's backends (docs/gateway.md#routing-strategies): backends that look
 * healthy first, arranged by the model's strategy (a backend ramping up after recovery only with its share's
 * probability); the others after them, in configured order, as a last resort.
 * Only the order is decided here; every backend is still tried through its circuit breaker and in-flight limit.
 */
final class BackendOrder {

    /**
     * One backend as the order sees it.
     *
     * @param healthy  answers its probe and its circuit lets requests through
     * @param weight   its configured weight
     * @param inFlight requests it is working on now
     * @param share    the share of its normal traffic it gets now: below 1 while it ramps up after recovering
     */
    record Candidate(String name, boolean healthy, int weight, int inFlight, double share) {
    }

    private BackendOrder() {
    }

    /**
     * @param candidates the model's backends in configured order
     * @return a list the caller may rearrange further
     */
    static List<String> of(RoutingStrategy strategy, List<Candidate> candidates, RandomGenerator random) {
        List<Ranked> healthy = new ArrayList<>();
        List<String> unhealthy = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (candidate.healthy()) {
                healthy.add(new Ranked(candidate, weightedKey(candidate.weight(), random)));
            } else {
                unhealthy.add(candidate.name());
            }
        }
        Comparator<Ranked> byWeight = Comparator.comparingDouble(Ranked::key).reversed();
        switch (strategy) {
            case PRIORITY -> {
                // configured order: the list is already in it
            }
            case WEIGHTED -> healthy.sort(byWeight);
            case LEAST_IN_FLIGHT -> healthy.sort(Comparator.comparingInt((Ranked r) -> r.candidate().inFlight())
                    .thenComparing(byWeight));
        }
        // a backend ramping up keeps its place only with its share's probability, else it waits behind the others
        List<String> order = new ArrayList<>(candidates.size());
        List<String> heldBack = new ArrayList<>();
        healthy.forEach(ranked -> (random.nextDouble() < ranked.candidate().share() ? order : heldBack)
                .add(ranked.candidate().name()));
        order.addAll(heldBack);
        order.addAll(unhealthy);
        return order;
    }

    /**
     * A random key whose descending order is a weighted random permutation (Efraimidis and Spirakis: u^(1/w)), so
     * the first backend is drawn in proportion to its weight and the next ones likewise among the rest. Weight 0 sorts
     * after every positive weight.
     */
    private static double weightedKey(int weight, RandomGenerator random) {
        return weight <= 0 ? -1 : Math.pow(random.nextDouble(), 1.0 / weight);
    }

    private record Ranked(Candidate candidate, double key) {
    }
}
