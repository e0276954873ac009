import java.io.BufferedReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows workflows over {@code /ws/workflow/{id}} with the JDK's WebSocket client, one connection each, and checks
 * what a front end relies on: each workflow's events arrive in order (ids 1, 2, 3 … without a gap or a repeat), start
 * with {@code workflow_started}, end with {@code workflow_completed}, and the server then closes normally (1000).
 * Run from source (JDK 21+, nothing else):
 *
 * <pre>
 * java e2e/WorkflowWatcher.java ws://127.0.0.1:8000 TOKEN ids report.txt [timeout-seconds=90]
 * </pre>
 *
 * It writes report.txt.ready once started, then reads {@code ids} line by line, each a workflow id or the answer to
 * its submission ({@code {"workflow_id": …}}), and follows each workflow as soon as it reads it: {@code ids} may be a
 * named pipe that a script writes while it submits. At the end of {@code ids}, once every connection is open,
 * "connected N" goes to report.txt.connected. report.txt gets one line a workflow,
 * {@code <id> <events> <close code> ok|<what went wrong>}; the exit status is 0 when every line says ok.
 */
public final class WorkflowWatcher {

    private static final Pattern ID = Pattern.compile("\"id\":(\\d+)");
    private static final Pattern TYPE = Pattern.compile("\"type\":\"([a-z_]+)\"");
    private static final Pattern WORKFLOW_ID = Pattern.compile("\"workflow_id\":\"([^\"]+)\"");

    /** What one connection saw. */
    static final class Feed implements WebSocket.Listener {
        final String workflowId;
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        long events;
        String firstType;
        String lastType;
        int closeCode = -1;
        String problem;

        Feed(String workflowId) {
            this.workflowId = workflowId;
        }

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                event(partial.toString());
                partial.setLength(0);
            }
            socket.request(1);
            return null;
        }

        private void event(String json) {
            Matcher id = ID.matcher(json);
            Matcher type = TYPE.matcher(json);
            if (!id.find() || !type.find()) {
                fail("not an event: " + json);
                return;
            }
            long seen = Long.parseLong(id.group(1));
            if (seen != events + 1) {
                fail("event " + seen + " came after event " + events);
            }
            if (lastType != null && lastType.startsWith("workflow_") && !lastType.equals("workflow_started")) {
                fail("event " + seen + " came after the final event " + lastType);
            }
            if (!json.contains("\"workflow_id\":\"" + workflowId + "\"")) {
                fail("event " + seen + " of another workflow: " + json);
            }
            events = seen;
            lastType = type.group(1);
            if (firstType == null) {
                firstType = lastType;
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            closeCode = statusCode;
            if (statusCode != 1000) {
                fail("closed with " + statusCode + " " + reason);
            }
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket socket, Throwable error) {
            fail("connection failed: " + error);
            closed.complete(null);
        }

        private void fail(String what) {
            if (problem == null) {
                problem = what;
            }
        }

        String report() {
            String outcome = problem;
            if (outcome == null && !closed.isDone()) {
                outcome = "still open after " + events + " events";
            } else if (outcome == null && !"workflow_started".equals(firstType)) {
                outcome = "began with " + firstType;
            } else if (outcome == null && !"workflow_completed".equals(lastType)) {
                outcome = "ended with " + lastType;
            }
            return workflowId + " " + events + " " + closeCode + " " + (outcome == null ? "ok" : outcome.replace('\n', ' '));
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: java WorkflowWatcher.java ws://host:port TOKEN ids report.txt [timeout-s]");
            System.exit(2);
        }
        String base = args[0];
        String token = args[1];
        Path report = Path.of(args[3]);
        long timeoutSeconds = args.length > 4 ? Long.parseLong(args[4]) : 90;

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        List<Feed> feeds = new ArrayList<>();
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        Files.writeString(Path.of(report + ".ready"), "ready\n");
        try (BufferedReader ids = Files.newBufferedReader(Path.of(args[2]))) {
            for (String line; (line = ids.readLine()) != null; ) {
                Matcher answer = WORKFLOW_ID.matcher(line);
                String id = answer.find() ? answer.group(1) : line.strip();
                if (id.isEmpty()) {
                    continue;
                }
                Feed feed = new Feed(id);
                feeds.add(feed);
                opening.add(client.newWebSocketBuilder().header("Authorization", "Bearer " + token)
                        .connectTimeout(Duration.ofSeconds(10))
                        .buildAsync(URI.create(base + "/ws/workflow/" + id), feed)
                        .whenComplete((socket, failure) -> {
                            if (failure != null) {
                                feed.onError(null, failure);
                            }
                        }));
            }
        }
        CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).exceptionally(failure -> null)
                .get(30, TimeUnit.SECONDS);
        long open = opening.stream().filter(future -> !future.isCompletedExceptionally()).count();
        Files.writeString(Path.of(report + ".connected"), "connected " + open + "\n");

        try {
            CompletableFuture.allOf(feeds.stream().map(feed -> feed.closed).toArray(CompletableFuture[]::new))
                    .get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException stillOpen) {
            // reported per workflow below
        }
        List<String> lines = feeds.stream().map(Feed::report).toList();
        Files.write(report, lines);
        long ok = lines.stream().filter(line -> line.endsWith(" ok")).count();
        System.out.println("followed " + feeds.size() + " workflows over WebSocket: " + ok + " complete and in order");
        lines.stream().filter(line -> !line.endsWith(" ok")).limit(10).forEach(System.out::println);
        System.exit(ok == feeds.size() ? 0 : 1);
    }
}
