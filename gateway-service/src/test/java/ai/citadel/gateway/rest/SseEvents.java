package ai.citadel.gateway.rest;

import io.restassured.path.json.JsonPath;

import java.util.ArrayList;
import java.util.List;

/** The {@code data:} payloads of a server-sent event body, as an SSE client reads them. */
public record SseEvents(List<String> data) {

    public static SseEvents parse(String body) {
        List<String> data = new ArrayList<>();
        for (String event : body.split("\n\n")) {
            for (String line : event.split("\n")) {
                if (line.startsWith("data:")) {
                    data.add(line.substring(5).stripLeading());
                }
            }
        }
        return new SseEvents(data);
    }

    public boolean endsWithDone() {
        return !data.isEmpty() && data.getLast().equals("[DONE]");
    }

    /** Every JSON event, [DONE] excluded. */
    public List<JsonPath> json() {
        return data.stream().filter(d -> !d.equals("[DONE]")).map(JsonPath::from).toList();
    }

    /** Chunks whose delta carries text, in order. */
    public List<String> contents() {
        return json().stream()
                .filter(chunk -> chunk.getString("choices[0].delta.content") != null)
                .map(chunk -> chunk.getString("choices[0].delta.content"))
                .filter(text -> !text.isEmpty())
                .toList();
    }

    public String text() {
        return String.join("", contents());
    }
}
