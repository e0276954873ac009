package ai.citadel.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SimulatorMainTest {

    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);

    @Test
    void runsAnOllamaSimulatorAndSaysWhere() throws Exception {
        try (AutoCloseable running = SimulatorMain.launch(out, "ollama", "--port", "0", "--tokens", "2",
                "--models", "phi3,all-minilm")) {
            String url = printedUrl();

            assertEquals("Ollama is running", TestHttp.get(url + "/").body());
            assertEquals(2, TestHttp.json(TestHttp.get(url + "/api/tags").body()).path("models").size());
            assertEquals(2, TestHttp.json(TestHttp.get(url + "/_sim/controls").body()).path("tokenCount").asInt());
        }
    }

    @Test
    void runsAnOpenAiSimulator() throws Exception {
        try (AutoCloseable running = SimulatorMain.launch(out, "openai", "--port", "0")) {
            assertTrue(TestHttp.get(printedUrl() + "/v1/models").body().contains("\"object\":\"list\""));
        }
    }

    @Test
    void runsAProxyWithHttpControls() throws Exception {
        int target;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            target = free.getLocalPort();
        }
        try (AutoCloseable running = SimulatorMain.launch(out, "proxy", "--listen", "127.0.0.1:0",
                "--target", "127.0.0.1:" + target, "--control-port", "0")) {
            String printed = output.toString(StandardCharsets.UTF_8);
            assertTrue(printed.contains("forwarding to 127.0.0.1:" + target), printed);
            String controls = printedUrl();

            assertTrue(TestHttp.post(controls + "/_proxy/cut", "").body().contains("\"mode\":\"cut\""));
            assertTrue(TestHttp.post(controls + "/_proxy/delay?ms=30", "").body().contains("\"delayMs\":30"));
            assertTrue(TestHttp.post(controls + "/_proxy/restore", "").body().contains("\"mode\":\"forwarding\""));
        }
    }

    @Test
    void badArgumentsAreRejectedWithAReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> SimulatorMain.launch(out, "kafka"))
                .getMessage().contains("unknown command"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SimulatorMain.launch(out, "proxy", "--listen", "0")).getMessage().contains("--target"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> SimulatorMain.launch(out, "ollama", "--verbose", "yes")).getMessage().contains("--verbose"));
    }

    private String printedUrl() {
        Matcher url = Pattern.compile("http://127\\.0\\.0\\.1:\\d+").matcher(output.toString(StandardCharsets.UTF_8));
        String last = null;
        while (url.find()) {
            last = url.group();
        }
        if (last == null) {
            throw new AssertionError("no URL printed: " + output);
        }
        return last;
    }
}
