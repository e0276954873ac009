package ai.citadel.gateway.service.routing;

import ai.citadel.gateway.config.GatewayConfig.RoutingStrategy;
import ai.citadel.gateway.service.routing.BackendOrder.Candidate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

class BackendOrderTest {

    private final Random random = new Random(42);

    @Test
    void priorityKeepsTheConfiguredOrderWithHealthyBackendsFirst() {
        List<Candidate> candidates = List.of(new Candidate("a", false, 1, 0, 1), new Candidate("b", true, 1, 5, 1),
                new Candidate("c", true, 1, 0, 1));
        assertEquals(List.of("b", "c", "a"), BackendOrder.of(RoutingStrategy.PRIORITY, candidates, random));
    }

    @Test
    void leastInFlightPutsTheIdlestHealthyBackendFirst() {
        List<Candidate> candidates = List.of(new Candidate("a", true, 9, 3, 1), new Candidate("b", false, 1, 0, 1),
                new Candidate("c", true, 1, 1, 1));
        assertEquals(List.of("c", "a", "b"), BackendOrder.of(RoutingStrategy.LEAST_IN_FLIGHT, candidates, random));
    }

    @Test
    void weightedDrawsTheFirstBackendInProportionToWeightAndZeroWeightLast() {
        List<Candidate> candidates = List.of(new Candidate("a", true, 1, 0, 1), new Candidate("b", true, 3, 0, 1),
                new Candidate("z", true, 0, 0, 1));
        int bFirst = 0;
        for (int i = 0; i < 10_000; i++) {
            List<String> order = BackendOrder.of(RoutingStrategy.WEIGHTED, candidates, random);
            assertEquals("z", order.getLast());
            if (order.getFirst().equals("b")) {
                bFirst++;
            }
        }
        assertEquals(0.75, bFirst / 10_000.0, 0.02);
    }

    @Test
    void aBackendRampingUpGoesFirstOnlyWithItsShareOfRequests() {
        List<Candidate> candidates = List.of(new Candidate("recovered", true, 1, 0, 0.25),
                new Candidate("b", true, 1, 0, 1), new Candidate("down", false, 1, 0, 1));
        int first = 0;
        for (int i = 0; i < 10_000; i++) {
            List<String> order = BackendOrder.of(RoutingStrategy.PRIORITY, candidates, random);
            assertEquals("down", order.getLast());
            if (order.getFirst().equals("recovered")) {
                first++;
            }
        }
        assertEquals(0.25, first / 10_000.0, 0.02);
    }
}
