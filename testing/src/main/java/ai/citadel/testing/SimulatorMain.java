package ai.citadel.testing;

import ai.citadel.testing.embedding.EmbeddingServiceSimulator;
import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.openai.OpenAiSimulator;
import ai.citadel.testing.proxy.FaultProxy;
import ai.citadel.testing.proxy.FaultProxyControlServer;
import java.io.PrintStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a simulator or a fault proxy on its own, for benchmarks and manual checks:
 *
 * <pre>
 * java -jar testing-*-standalone.jar ollama [--port 11434] [--host 127.0.0.1] [--models a,b] [--tokens N]
 *                                           [--first-token-delay-ms N] [--token-delay-ms N]
 * java -jar testing-*-standalone.jar openai [--port 8100] (same options)
 * java -jar testing-*-standalone.jar embedding [--port 8001] (same options)
 * java -jar testing-*-standalone.jar proxy  --listen [host:]16379 --target 127.0.0.1:6379 [--delay-ms N]
 *                                           [--control-port N]
 * </pre>
 *
 * Simulators are driven over HTTP at {@code /_sim/controls}, {@code /_sim/stats} and {@code /_sim/reset}; a proxy at
 * {@code /_proxy/*} on its control port.
 */
public final class SimulatorMain {

    static final String USAGE = """
            usage:
              ollama [--port 11434] [--host 127.0.0.1] [--models a,b] [--tokens N] [--first-token-delay-ms N] [--token-delay-ms N]
              openai [--port 8100]  [--host 127.0.0.1] [--models a,b] [--tokens N] [--first-token-delay-ms N] [--token-delay-ms N]
              embedding [--port 8001] [--host 127.0.0.1] [--models a,b] [--first-token-delay-ms N]
              proxy  --listen [host:]port --target host:port [--delay-ms N] [--control-port N]""";

    private static final Set<String> SIMULATOR_OPTIONS = Set.of("port", "host", "models", "tokens",
            "first-token-delay-ms", "token-delay-ms");
    private static final Set<String> PROXY_OPTIONS = Set.of("listen", "target", "delay-ms", "control-port");

    private SimulatorMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        AutoCloseable running;
        try {
            running = launch(System.out, args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e.getMessage());
            }
            stopped.countDown();
        }));
        stopped.await();
    }

    /** Starts what {@code args} asks for and says where it listens; close the result to stop it. */
    static AutoCloseable launch(PrintStream out, String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("say what to run: ollama, openai, embedding or proxy");
        }
        String command = args[0];
        List<String> rest = List.of(args).subList(1, args.length);
        return switch (command) {
            case "ollama" -> simulator(out, OllamaSimulator.builder(), options(rest, SIMULATOR_OPTIONS), 11434);
            case "openai" -> simulator(out, OpenAiSimulator.builder(), options(rest, SIMULATOR_OPTIONS), 8100);
            case "embedding" -> simulator(out, EmbeddingServiceSimulator.builder(), options(rest, SIMULATOR_OPTIONS),
                    8001);
            case "proxy" -> proxy(out, options(rest, PROXY_OPTIONS));
            default -> throw new IllegalArgumentException("unknown command: " + command);
        };
    }

    private static HttpSimulator simulator(PrintStream out, SimulatorBuilder<? extends HttpSimulator> builder,
            Map<String, String> options, int defaultPort) {
        builder.host(options.getOrDefault("host", "127.0.0.1")).port(number(options, "port", defaultPort));
        if (options.containsKey("models")) {
            builder.models(options.get("models").split(","));
        }
        HttpSimulator simulator = builder.start();
        simulator.controls()
                .tokenCount(number(options, "tokens", SimulatorControls.DEFAULT_TOKEN_COUNT))
                .delayBeforeFirstToken(Duration.ofMillis(number(options, "first-token-delay-ms", 0)))
                .delayBetweenTokens(Duration.ofMillis(number(options, "token-delay-ms", 0)));
        out.println(simulator.apiName() + " simulator listening on " + simulator.baseUrl()
                + " (controls: GET|POST /_sim/controls, GET /_sim/stats, POST /_sim/reset)");
        return simulator;
    }

    private static AutoCloseable proxy(PrintStream out, Map<String, String> options) {
        String listen = required(options, "listen");
        int colon = listen.lastIndexOf(':');
        FaultProxy proxy = FaultProxy.builder()
                .listenHost(colon > 0 ? listen.substring(0, colon) : "127.0.0.1")
                .listenPort(Integer.parseInt(listen.substring(colon + 1)))
                .target(required(options, "target"))
                .start();
        proxy.delay(Duration.ofMillis(number(options, "delay-ms", 0)));
        out.println("Fault proxy listening on " + proxy.host() + ":" + proxy.port() + ", forwarding to "
                + proxy.target());
        if (!options.containsKey("control-port")) {
            return proxy;
        }
        FaultProxyControlServer controls = new FaultProxyControlServer(proxy, "127.0.0.1",
                number(options, "control-port", 0));
        out.println("Proxy controls on http://127.0.0.1:" + controls.port()
                + " (POST /_proxy/cut|blackhole|restore, POST /_proxy/delay?ms=N, GET /_proxy/stats)");
        return () -> {
            controls.close();
            proxy.close();
        };
    }

    /** {@code --name value} pairs, only the known names. */
    private static Map<String, String> options(List<String> args, Set<String> known) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i += 2) {
            String flag = args.get(i);
            if (!flag.startsWith("--") || !known.contains(flag.substring(2))) {
                throw new IllegalArgumentException("unknown option: " + flag);
            }
            if (i + 1 >= args.size()) {
                throw new IllegalArgumentException("missing value for " + flag);
            }
            options.put(flag.substring(2), args.get(i + 1));
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return value;
    }

    private static int number(Map<String, String> options, String name, int defaultValue) {
        String value = options.get(name);
        if (value == null) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, got " + value, e);
        }
    }
}
