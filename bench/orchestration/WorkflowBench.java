import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Orchestration benchmark steps (JDK 21+, no dependencies); bench/orchestration/run.sh starts the processes and
 * calls them in order, see bench/README.md.
 * <ul>
 *   <li>{@code submit <orchestrator> <n>}: submits n one-step workflows, the step an {@code output} step (which
 *       calls nothing: the queue alone);</li>
 *   <li>{@code drain <database> <pid> <n>}: waits until n workflows completed and prints the queue's throughput
 *       (steps claimed and completed per second, from the steps' own finish times) and the orchestrator's CPU time
 *       per step, both after the first quarter (the JVM's warm-up). It reads PostgreSQL with psql, not the
 *       orchestrator's API, so that the reads cost the orchestrator nothing;</li>
 *   <li>{@code overhead <orchestrator> <pid> <embedding-simulator> <workflows> <steps>}: runs workflows of
 *       {@code steps} embedding steps one after the other and prints the time per step beyond the dependency's own
 *       (the same embedding call made directly, in the same run), and CPU per step.</li>
 * </ul>
 */
public class WorkflowBench {

    private static final String TOKEN = System.getenv().getOrDefault("CITADEL_SERVICE_TOKEN", "");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern TIME = Pattern.compile("\"(started_at|finished_at|created_at)\":\"([^\"]+)\"");
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "submit" -> submit(args[1], Integer.parseInt(args[2]));
            case "drain" -> drain(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]));
            case "overhead" -> overhead(args[1], Long.parseLong(args[2]), args[3], Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException("submit | drain | overhead");
        }
    }

    private static void submit(String base, int count) throws Exception {
        String workflow = "{\"steps\":[{\"id\":\"o\",\"type\":\"output\",\"params\":{\"text\":\"queue bench\"}}]}";
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            List<Future<String>> submitted = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                submitted.add(pool.submit(() -> post(base + "/api/v1/workflows", workflow, 202)));
            }
            for (Future<String> answer : submitted) {
                answer.get();
            }
        }
        System.out.printf("submitted %d workflows%n", count);
    }

    private static void drain(String database, long pid, int count) throws Exception {
        // the first quarter warms the freshly started JVM up (JIT compilation); rate and CPU are those of the rest
        long cpuAfterWarmUp = -1;
        long completed;
        while ((completed = Long.parseLong(sql(database,
                "SELECT count(*) FROM orchestration.workflows WHERE status = 'completed'"))) < count) {
            if (cpuAfterWarmUp < 0 && completed >= count / 4) {
                cpuAfterWarmUp = cpuTicks(pid);
            }
            Thread.sleep(100);
        }
        long cpuTicks = cpuTicks(pid) - cpuAfterWarmUp;
        List<Double> finishes = sql(database, "SELECT extract(epoch FROM finished_at) FROM orchestration.tasks"
                + " WHERE status = 'completed' ORDER BY finished_at").lines().map(Double::parseDouble).toList();
        int from = finishes.size() / 4;
        double seconds = finishes.getLast() - finishes.get(from);
        int measured = finishes.size() - 1 - from;
        System.out.printf(Locale.ROOT, "queue: %d steps; after the first quarter %.0f claims+completions/s, "
                        + "orchestrator CPU %.2f ms per step%n", finishes.size(), measured / seconds,
                cpuTicks * 1000.0 / CLOCK_TICKS_PER_SECOND / measured);
    }

    /** One query's rows through psql, unaligned, without headers. */
    private static String sql(String database, String query) throws Exception {
        Process psql = new ProcessBuilder("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-qAtc", query)
                .redirectErrorStream(true).start();
        String out = new String(psql.getInputStream().readAllBytes()).strip();
        if (psql.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + out);
        }
        return out;
    }

    private static void overhead(String base, long pid, String simulator, int workflows, int steps) throws Exception {
        StringBuilder definition = new StringBuilder("{\"steps\":[");
        for (int i = 0; i < steps; i++) {
            definition.append(i == 0 ? "" : ",").append("{\"id\":\"s").append(i)
                    .append("\",\"type\":\"embedding\",\"params\":{\"text\":\"overhead bench ").append(i).append("\"}}");
        }
        definition.append("]}");
        String direct = "{\"model\":\"all-minilm\",\"text\":\"overhead bench\"}";
        for (int i = 0; i < 200; i++) {
            post(simulator + "/api/v1/embeddings/generate", direct, 200);
        }
        List<Double> directMs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            long start = System.nanoTime();
            post(simulator + "/api/v1/embeddings/generate", direct, 200);
            directMs.add((System.nanoTime() - start) / 1e6);
        }
        long warmUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < warmUntil) {
            awaitCompleted(base, field(post(base + "/api/v1/workflows", definition.toString(), 202), "workflow_id"));
        }
        long cpuBefore = cpuTicks(pid);
        List<Double> perStepMs = new ArrayList<>();
        for (int i = 0; i < workflows; i++) {
            String state = awaitCompleted(base,
                    field(post(base + "/api/v1/workflows", definition.toString(), 202), "workflow_id"));
            Instant created = times(state, "created_at").getFirst();
            Instant finished = times(state, "finished_at").getLast();
            perStepMs.add(Duration.between(created, finished).toNanos() / 1e6 / steps);
        }
        double cpuMs = (cpuTicks(pid) - cpuBefore) * 1000.0 / CLOCK_TICKS_PER_SECOND;
        double directP50 = percentile(directMs, 50);
        System.out.printf(Locale.ROOT, "direct embedding call: p50 %.2f ms, p99 %.2f ms%n", directP50,
                percentile(directMs, 99));
        System.out.printf(Locale.ROOT, "%d workflows of %d steps, one at a time: per step p50 %.2f ms, p99 %.2f ms "
                        + "(submission to completion / steps); overhead per step p50 %.2f ms; orchestrator CPU %.2f ms "
                        + "per step (status polling included)%n", workflows, steps, percentile(perStepMs, 50),
                percentile(perStepMs, 99), percentile(perStepMs, 50) - directP50, cpuMs / (workflows * steps));
    }

    /** Polls the workflow (every 20 ms) until it completed; answers its state. */
    private static String awaitCompleted(String base, String id) throws Exception {
        while (true) {
            String state = get(base + "/api/v1/workflows/" + id);
            String status = field(state, "status");
            if (status.equals("completed")) {
                return state;
            }
            if (status.equals("failed") || status.equals("cancelled")) {
                throw new IllegalStateException("workflow " + id + " " + status + ": " + state);
            }
            Thread.sleep(20);
        }
    }

    /** The values of one timestamp field in a workflow's state, steps' included, in order. */
    private static List<Instant> times(String state, String name) {
        List<Instant> found = new ArrayList<>();
        Matcher matcher = TIME.matcher(state);
        while (matcher.find()) {
            if (matcher.group(1).equals(name)) {
                found.add(Instant.parse(matcher.group(2)));
            }
        }
        Collections.sort(found);
        return found;
    }

    private static long cpuTicks(long pid) throws Exception {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static double percentile(List<Double> values, int percentile) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1));
    }

    private static String field(String json, String name) {
        Matcher matcher = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return matcher.group(1);
    }

    private static String post(String url, String body, int expected) throws Exception {
        HttpResponse<String> response = HTTP.send(request(url).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    private static String get(String url) throws Exception {
        return HTTP.send(request(url).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static HttpRequest.Builder request(String url) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
        return TOKEN.isEmpty() ? request : request.header("Authorization", "Bearer " + TOKEN);
    }
}
