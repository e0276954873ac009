import java.io.IOException;
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
 *   <li>{@code submit <orchestrator> <database> <n>}: queues n one-step workflows, the step an {@code output} step
 *       (which calls nothing: the queue alone). One is submitted through the API; the rest are copies of its rows
 *       made in SQL, since submitting tens of thousands through the API would take longer than draining them;</li>
 *   <li>{@code drain <database> <pid> <n> <warm-up seconds>}: waits until n workflows completed and prints the
 *       queue's throughput (steps claimed and completed per second, from the steps' own finish times) and the
 *       orchestrator's CPU time per step, both after the warm-up. It reads PostgreSQL with psql, not the
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
            case "submit" -> submit(args[1], args[2], Integer.parseInt(args[3]));
            case "drain" -> drain(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            case "overhead" -> overhead(args[1], Long.parseLong(args[2]), args[3], Integer.parseInt(args[4]),
                    Integer.parseInt(args[5]));
            default -> throw new IllegalArgumentException("submit | drain | overhead");
        }
    }

    private static void submit(String base, String database, int count) throws Exception {
        post(base + "/api/v1/workflows",
                "{\"steps\":[{\"id\":\"o\",\"type\":\"output\",\"params\":{\"text\":\"queue bench\"}}]}", 202);
        // copies of the submitted workflow's rows, every column but the ids (and the idempotency key) as it wrote them
        sql(database, """
                DO $$
                DECLARE
                    workflow_columns text;
                    task_columns text;
                BEGIN
                    SELECT string_agg(quote_ident(column_name), ', ') INTO workflow_columns
                    FROM information_schema.columns WHERE table_schema = 'orchestration'
                      AND table_name = 'workflows' AND column_name NOT IN ('id', 'idempotency_key');
                    SELECT string_agg(quote_ident(column_name), ', ') INTO task_columns
                    FROM information_schema.columns WHERE table_schema = 'orchestration'
                      AND table_name = 'tasks' AND column_name NOT IN ('id', 'workflow_id');
                    CREATE TEMP TABLE copies AS SELECT gen_random_uuid() AS id FROM generate_series(2, %d);
                    EXECUTE format('INSERT INTO orchestration.workflows (id, %%1$s) SELECT copies.id, %%1$s '
                                   'FROM copies, (SELECT * FROM orchestration.workflows LIMIT 1) w', workflow_columns);
                    EXECUTE format('INSERT INTO orchestration.tasks (id, workflow_id, %%1$s) '
                                   'SELECT gen_random_uuid(), copies.id, %%1$s '
                                   'FROM copies, (SELECT * FROM orchestration.tasks LIMIT 1) t', task_columns);
                END $$""".formatted(count));
        System.out.printf("queued %d workflows%n", count);
    }

    private static void drain(String database, long pid, int count, int warmUpSeconds) throws Exception {
        long warmUpEnds = System.nanoTime() + Duration.ofSeconds(warmUpSeconds).toNanos();
        long cpuAfterWarmUp = -1;
        long postgresCpuAfterWarmUp = 0;
        double measuredFrom = 0;
        while (Long.parseLong(sql(database,
                "SELECT count(*) FROM orchestration.workflows WHERE status = 'completed'")) < count) {
            if (cpuAfterWarmUp < 0 && System.nanoTime() >= warmUpEnds) {
                cpuAfterWarmUp = cpuTicks(pid);
                postgresCpuAfterWarmUp = postgresCpuTicks();
                measuredFrom = Double.parseDouble(sql(database, "SELECT extract(epoch FROM now())"));
            }
            Thread.sleep(100);
        }
        long cpuTicks = cpuTicks(pid) - cpuAfterWarmUp;
        long postgresCpuTicks = postgresCpuTicks() - postgresCpuAfterWarmUp;
        if (cpuAfterWarmUp < 0) {
            throw new IllegalStateException("the backlog of " + count + " drained within the " + warmUpSeconds
                    + " s warm-up: give a larger one");
        }
        List<Double> finishes = sql(database, "SELECT extract(epoch FROM finished_at) FROM orchestration.tasks"
                + " WHERE status = 'completed' AND finished_at >= to_timestamp(" + measuredFrom + ")"
                + " ORDER BY finished_at").lines().map(Double::parseDouble).toList();
        double seconds = finishes.getLast() - measuredFrom;
        System.out.printf(Locale.ROOT, "%d steps, %d after the %d s warm-up: %.0f claims+completions/s, "
                        + "CPU per step: orchestrator %.2f ms, PostgreSQL %.2f ms%n", count, finishes.size(),
                warmUpSeconds, finishes.size() / seconds,
                cpuTicks * 1000.0 / CLOCK_TICKS_PER_SECOND / finishes.size(),
                postgresCpuTicks * 1000.0 / CLOCK_TICKS_PER_SECOND / finishes.size());
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

    /** CPU time of every PostgreSQL process (the server's and its connections'), in clock ticks. */
    private static long postgresCpuTicks() throws Exception {
        long ticks = 0;
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            if (process.info().command().orElse("").endsWith("/postgres")) {
                try {
                    ticks += cpuTicks(process.pid());
                } catch (IOException exited) {
                    // a connection that closed meanwhile
                }
            }
        }
        return ticks;
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
