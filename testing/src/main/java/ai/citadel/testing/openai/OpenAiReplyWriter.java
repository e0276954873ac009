package ai.citadel.testing.openai;

import ai.citadel.testing.ChunkedResponse;
import ai.citadel.testing.GenerationTiming;
import ai.citadel.testing.Json;
import ai.citadel.testing.TokenSink;
import ai.citadel.testing.generation.ModelReply;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Writes a completion the way vLLM's OpenAI server does. Streaming: SSE {@code data: {chunk}} events sharing one id;
 * for chat the first announces the role, each token is one chunk, the last token's chunk carries
 * {@code finish_reason}; then a usage chunk with {@code choices: []} if {@code stream_options.include_usage}; then
 * {@code data: [DONE]}. Not streaming: one {@code chat.completion} / {@code text_completion} object with usage.
 */
final class OpenAiReplyWriter implements TokenSink {

    static final String EVENT_STREAM = "text/event-stream; charset=utf-8";

    private final RoutingContext ctx;
    private final OpenAiEndpoint endpoint;
    private final String model;
    private final boolean streaming;
    private final boolean includeUsage;
    private final int promptTokens;
    private final ModelReply reply;
    private final String id;
    private final long created = Instant.now().getEpochSecond();
    private final ChunkedResponse stream;
    private final boolean comments;

    OpenAiReplyWriter(RoutingContext ctx, OpenAiEndpoint endpoint, String model, boolean streaming,
            boolean includeUsage, int promptTokens, ModelReply reply, boolean comments) {
        this.ctx = ctx;
        this.endpoint = endpoint;
        this.model = model;
        this.streaming = streaming;
        this.includeUsage = includeUsage;
        this.promptTokens = promptTokens;
        this.reply = reply;
        this.id = endpoint.idPrefix + UUID.randomUUID().toString().replace("-", "");
        this.stream = new ChunkedResponse(ctx.response(), EVENT_STREAM);
        this.comments = comments;
    }

    int tokenCount() {
        return reply.tokenCount();
    }

    @Override
    public void token(int index) {
        if (!streaming) {
            return;
        }
        if (index == 0 && endpoint.opensWithRole()) {
            writeChunk(endpoint::putOpening, null);
        }
        boolean last = index == reply.tokenCount() - 1;
        writeChunk(choice -> endpoint.putToken(choice, reply, index), last ? OpenAiEndpoint.finishReason(reply) : null);
    }

    @Override
    public void complete(GenerationTiming timing) {
        if (!streaming) {
            ObjectNode completion = header(endpoint.object);
            choice(completion, choice -> endpoint.putWhole(choice, reply), OpenAiEndpoint.finishReason(reply));
            completion.set("usage", usage());
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, OpenAiErrors.JSON).end(Json.write(completion));
            return;
        }
        if (reply.tokenCount() == 0) {
            if (endpoint.opensWithRole()) {
                writeChunk(endpoint::putOpening, null);
            }
            writeChunk(endpoint::putEmpty, OpenAiEndpoint.finishReason(reply));
        }
        if (includeUsage) {
            ObjectNode usageChunk = header(endpoint.chunkObject);
            usageChunk.putArray("choices");
            usageChunk.set("usage", usage());
            writeEvent(Json.write(usageChunk));
        }
        writeEvent("[DONE]");
        stream.end();
    }

    /** Before any chunk: an HTTP 500 envelope. Mid-stream: a {@code data: {"error":...}} event, then {@code [DONE]}. */
    @Override
    public void fail(String message) {
        if (stream.started()) {
            writeEvent(Json.write(OpenAiErrors.envelope(500, message)));
            writeEvent("[DONE]");
            stream.end();
        } else {
            OpenAiErrors.INSTANCE.send(ctx, 500, message);
        }
    }

    @Override
    public Future<Void> flushed() {
        return stream.flushed();
    }

    private void writeChunk(Consumer<ObjectNode> content, String finishReason) {
        ObjectNode chunk = header(endpoint.chunkObject);
        choice(chunk, content, finishReason);
        writeEvent(Json.write(chunk));
    }

    private void writeEvent(String data) {
        stream.write((comments ? ": keep-alive\n\n" : "") + "data: " + data + "\n\n");
    }

    private ObjectNode header(String object) {
        return Json.object().put("id", id).put("object", object).put("created", created).put("model", model);
    }

    private static void choice(ObjectNode parent, Consumer<ObjectNode> content, String finishReason) {
        ObjectNode choice = parent.putArray("choices").addObject().put("index", 0);
        content.accept(choice);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
    }

    private ObjectNode usage() {
        return Json.object()
                .put("prompt_tokens", promptTokens)
                .put("completion_tokens", reply.tokenCount())
                .put("total_tokens", promptTokens + reply.tokenCount());
    }
}
