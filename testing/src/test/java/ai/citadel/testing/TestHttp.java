package ai.citadel.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A plain HTTP/1.1 client for talking to the simulators the way services do, over real sockets. */
public final class TestHttp {

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private TestHttp() {
    }

    public static HttpResponse<String> get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET().build());
    }

    public static HttpResponse<String> post(String url, String body) {
        return send(jsonRequest(url, "POST", body));
    }

    public static HttpResponse<String> delete(String url, String body) {
        return send(jsonRequest(url, "DELETE", body));
    }

    public static CompletableFuture<HttpResponse<String>> postAsync(String url, String body) {
        return CLIENT.sendAsync(jsonRequest(url, "POST", body), HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> send(HttpRequest request) {
        try {
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static HttpRequest jsonRequest(String url, String method, String body) {
        return HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    /** The non-empty lines of a body (NDJSON records, SSE fields). */
    public static List<String> lines(String body) {
        return body.lines().filter(line -> !line.isBlank()).toList();
    }

    public static JsonNode json(String text) {
        try {
            return Json.parse(text);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    /** What a client read from a streamed response before it ended or broke. */
    public record StreamRead(int status, List<String> lines, IOException failure) {

        public boolean broken() {
            return failure != null;
        }
    }

    /** POSTs and returns as soon as the response headers arrive. */
    public static HttpResponse<InputStream> sendForStream(String url, String body) {
        try {
            return CLIENT.send(jsonRequest(url, "POST", body), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Reads a streamed body to its end. */
    public static List<String> readLines(HttpResponse<InputStream> response) {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            return reader.lines().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** POSTs and reads the response line by line until its end or a connection error. */
    public static StreamRead postAndReadLines(String url, String body) {
        HttpResponse<InputStream> response;
        try {
            response = CLIENT.send(jsonRequest(url, "POST", body), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            return new StreamRead(-1, List.of(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    lines.add(line);
                }
            }
            return new StreamRead(response.statusCode(), lines, null);
        } catch (IOException e) {
            return new StreamRead(response.statusCode(), lines, e);
        }
    }
}
