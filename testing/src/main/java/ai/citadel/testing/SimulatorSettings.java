package ai.citadel.testing;

import io.vertx.core.Vertx;
import java.util.List;

/**
 * How a simulator is set up before it starts.
 *
 * @param port  0 for a free port chosen at start
 * @param vertx the Vert.x instance to run on, or {@code null} for one of its own (closed with the simulator)
 */
public record SimulatorSettings(String host, int port, Vertx vertx, List<SimulatedModel> models) {

    public SimulatorSettings {
        models = List.copyOf(models);
    }
}
