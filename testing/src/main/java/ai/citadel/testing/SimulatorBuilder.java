package ai.citadel.testing;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/** Sets up a simulator: where it listens and which models it serves. */
public final class SimulatorBuilder<S extends HttpSimulator> {

    private final Function<SimulatorSettings, S> factory;
    private String host = "127.0.0.1";
    private int port;
    private Vertx vertx;
    private final List<SimulatedModel> models = new ArrayList<>(SimulatedModel.defaults());

    public SimulatorBuilder(Function<SimulatorSettings, S> factory) {
        this.factory = factory;
    }

    public SimulatorBuilder<S> host(String host) {
        this.host = host;
        return this;
    }

    /** 0 (the default) picks a free port at start. */
    public SimulatorBuilder<S> port(int port) {
        this.port = port;
        return this;
    }

    /** Runs on this Vert.x instance instead of one of its own; the simulator then leaves it open on close. */
    public SimulatorBuilder<S> vertx(Vertx vertx) {
        this.vertx = vertx;
        return this;
    }

    /** Serves exactly these models instead of {@link SimulatedModel#defaults()}. */
    public SimulatorBuilder<S> models(List<SimulatedModel> served) {
        models.clear();
        models.addAll(served);
        return this;
    }

    /** Serves exactly these models, known ones with their real figures (see {@link SimulatedModel#named}). */
    public SimulatorBuilder<S> models(String... names) {
        return models(Arrays.stream(names).map(SimulatedModel::named).toList());
    }

    public SimulatorBuilder<S> addModel(SimulatedModel model) {
        models.add(model);
        return this;
    }

    public S build() {
        return factory.apply(new SimulatorSettings(host, port, vertx, models));
    }

    /** Builds and starts; the simulator listens when this returns. */
    public S start() {
        S simulator = build();
        simulator.start();
        return simulator;
    }
}
