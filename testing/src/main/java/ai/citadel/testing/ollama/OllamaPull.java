package ai.citadel.testing.ollama;

import ai.citadel.testing.ChunkedResponse;
import ai.citadel.testing.GenerationTiming;
import ai.citadel.testing.Json;
import ai.citadel.testing.SimulatedModel;
import ai.citadel.testing.TokenSink;
import ai.citadel.testing.generation.Sha256;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code POST /api/pull}: the progress records Ollama streams ("pulling manifest", "pulling &lt;digest&gt;" with
 * {@code total} and a growing {@code completed}, "verifying sha256 digest", "writing manifest", "success"), each
 * record paced like a token. The model is installed when its manifest is written, so it is listed by the time the
 * client reads "success". With {@code stream:false} the answer is {@code {"status":"success"}} at the end.
 */
final class OllamaPull implements TokenSink {

    private static final long SMALL_LAYER_BYTES = 1_482L;
    private static final int PROGRESS_STEPS = 4;

    private final RoutingContext ctx;
    private final OllamaModelStore models;
    private final String requested;
    private final boolean streaming;
    private final List<ObjectNode> records = new ArrayList<>();
    private final int installAtRecord;
    private final ChunkedResponse stream;

    OllamaPull(RoutingContext ctx, OllamaModelStore models, String requested, boolean streaming) {
        this.ctx = ctx;
        this.models = models;
        this.requested = requested;
        this.streaming = streaming;
        this.stream = new ChunkedResponse(ctx.response(), OllamaReplyWriter.NDJSON);
        SimulatedModel model = models.find(requested).orElseGet(() -> SimulatedModel.named(requested));
        records.add(status("pulling manifest"));
        addLayer("weights:" + model.name(), Math.max(SMALL_LAYER_BYTES, model.sizeBytes() - SMALL_LAYER_BYTES));
        addLayer("params:" + model.name(), SMALL_LAYER_BYTES);
        records.add(status("verifying sha256 digest"));
        installAtRecord = records.size();
        records.add(status("writing manifest"));
        records.add(status("success"));
    }

    int recordCount() {
        return records.size();
    }

    @Override
    public void token(int index) {
        if (index == installAtRecord) {
            models.pull(requested);
        }
        if (streaming) {
            stream.write(Json.write(records.get(index)) + "\n");
        }
    }

    @Override
    public void complete(GenerationTiming timing) {
        if (streaming) {
            stream.end();
        } else {
            ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, OllamaErrors.JSON)
                    .end(Json.write(status("success")));
        }
    }

    @Override
    public void fail(String message) {
        if (stream.started()) {
            stream.write(Json.write(OllamaErrors.body(message)) + "\n");
            stream.end();
        } else {
            OllamaErrors.INSTANCE.send(ctx, 500, message);
        }
    }

    @Override
    public Future<Void> flushed() {
        return stream.flushed();
    }

    /** A layer's records: first without {@code completed} (as before any byte arrives), then growing to the total. */
    private void addLayer(String seed, long total) {
        String digest = "sha256:" + Sha256.hex(seed);
        String status = "pulling " + digest.substring(7, 19);
        records.add(status(status).put("digest", digest).put("total", total));
        for (int step = 1; step <= PROGRESS_STEPS; step++) {
            records.add(status(status).put("digest", digest).put("total", total)
                    .put("completed", total * step / PROGRESS_STEPS));
        }
    }

    private static ObjectNode status(String status) {
        return Json.object().put("status", status);
    }
}
