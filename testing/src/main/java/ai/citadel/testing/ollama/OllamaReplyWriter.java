package ai.citadel.testing.ollama;

import ai.citadel.testing.ChunkedResponse;
import ai.citadel.testing.GenerationTiming;
import ai.citadel.testing.Json;
import ai.citadel.testing.TokenSink;
import ai.citadel.testing.generation.ModelReply;
import ai.citadel.testing.generation.TextReply;
import ai.citadel.testing.generation.ToolCallReply;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes a chat or generate reply the way Ollama does. Streaming: one NDJSON record per token with
 * {@code done:false}, then exactly one final record with {@code done:true}, {@code done_reason} and the statistics.
 * Not streaming: one JSON object with the whole output and the same final fields. A tool call is one record, as
 * Ollama parses the whole call before emitting it.
 */
final class OllamaReplyWriter implements TokenSink {

    static final String NDJSON = "application/x-ndjson";

    private final RoutingContext ctx;
    private final OllamaEndpoint endpoint;
    private final String requestedModel;
    private final boolean streaming;
    private final String prompt;
    private final int promptTokens;
    private final ModelReply reply;
    private final ChunkedResponse stream;

    OllamaReplyWriter(RoutingContext ctx, OllamaEndpoint endpoint, String requestedModel, boolean streaming,
            String prompt, int promptTokens, ModelReply reply) {
        this.ctx = ctx;
        this.endpoint = endpoint;
        this.requestedModel = requestedModel;
        this.streaming = streaming;
        this.prompt = prompt;
        this.promptTokens = promptTokens;
        this.reply = reply;
        this.stream = new ChunkedResponse(ctx.response(), NDJSON);
    }

    /** Records before the final one: one per token, or one for a tool call. */
    int recordCount() {
        return switch (reply) {
            case TextReply text -> text.tokenCount();
            case ToolCallReply call -> 1;
        };
    }

    @Override
    public void token(int index) {
        if (!streaming) {
            return;
        }
        ObjectNode record = OllamaJson.record(requestedModel);
        switch (reply) {
            case TextReply text -> endpoint.putOutput(record, text.tokens().get(index), null);
            case ToolCallReply call -> endpoint.putOutput(record, "", call);
        }
        writeLine(record.put("done", false));
    }

    @Override
    public void complete(GenerationTiming timing) {
        ObjectNode record = OllamaJson.record(requestedModel);
        String answer = reply instanceof TextReply text ? text.text() : "";
        if (streaming) {
            endpoint.putOutput(record, "", null);
        } else {
            endpoint.putOutput(record, answer, reply instanceof ToolCallReply call ? call : null);
        }
        record.put("done", true).put("done_reason", reply instanceof TextReply text ? text.finishReason() : "stop");
        endpoint.putFinalExtras(record, prompt, answer);
        OllamaJson.putMetrics(record, timing, promptTokens, reply.tokenCount());
        if (streaming) {
            writeLine(record);
            stream.end();
        } else {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, OllamaErrors.JSON).end(Json.write(record));
        }
    }

    /** Like Ollama's streamResponse: an HTTP 500 before any record, else an {@code {"error"}} line and the end. */
    @Override
    public void fail(String message) {
        if (stream.started()) {
            writeLine(OllamaErrors.body(message));
            stream.end();
        } else {
            OllamaErrors.INSTANCE.send(ctx, 500, message);
        }
    }

    @Override
    public Future<Void> flushed() {
        return stream.flushed();
    }

    private void writeLine(ObjectNode record) {
        stream.write(Json.write(record) + "\n");
    }
}
