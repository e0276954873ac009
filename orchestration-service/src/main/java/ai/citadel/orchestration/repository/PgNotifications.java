package ai.citadel.orchestration.repository;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * PostgreSQL {@code LISTEN} on one dedicated connection, so every replica hears what any replica commits (new ready
 * tasks, workflow events). The connection is re-opened after a loss; notifications sent meanwhile are lost, which
 * the listeners tolerate: they also poll.
 */
@ApplicationScoped
public class PgNotifications {

    private static final Logger LOG = Logger.getLogger(PgNotifications.class);
    private static final long RECONNECT_DELAY_MS = 1000;

    private final Vertx vertx;
    private final PgSubscriber subscriber;
    private final Map<String, List<Consumer<String>>> listeners = new ConcurrentHashMap<>();

    PgNotifications(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
                    @ConfigProperty(name = "quarkus.datasource.username") String user,
                    @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        PgConnectOptions options = PgConnectOptions.fromUri(url.startsWith("vertx-reactive:")
                ? url.substring("vertx-reactive:".length()) : url).setUser(user);
        password.ifPresent(options::setPassword);
        this.subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> RECONNECT_DELAY_MS);
    }

    /** Calls {@code listener} with the payload of every notification on {@code channel}, on an event loop. */
    public void listen(String channel, Consumer<String> listener) {
        listeners.computeIfAbsent(channel, name -> {
            subscriber.channel(name).handler(payload -> listeners.get(name).forEach(each -> each.accept(payload)));
            return new CopyOnWriteArrayList<>();
        }).add(listener);
    }

    void start(@Observes StartupEvent started) {
        connect();
    }

    /** Connects; the subscriber itself reconnects after a lost connection, but not after a failed first one. */
    private void connect() {
        subscriber.connect().subscribe().with(
                connected -> LOG.debug("Listening for PostgreSQL notifications"),
                failure -> {
                    LOG.warnf("Cannot listen for PostgreSQL notifications (%s); polling until it can",
                            failure.getMessage());
                    vertx.setTimer(RECONNECT_DELAY_MS, retry -> connect());
                });
    }

    void close(@Observes ShutdownEvent stopping) {
        subscriber.closeAndAwait();
    }
}
