package ai.citadel.testing;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/**
 * A streamed HTTP response (NDJSON, SSE): headers go out with the first chunk, as with the real servers, so the
 * delay before the first token is also the time to first byte.
 */
public final class ChunkedResponse {

    private final HttpServerResponse response;
    private final String contentType;
    private Future<Void> lastWrite = Future.succeededFuture();

    public ChunkedResponse(HttpServerResponse response, String contentType) {
        this.response = response;
        this.contentType = contentType;
    }

    public void write(String chunk) {
        if (!response.headWritten()) {
            response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        }
        lastWrite = response.write(chunk);
    }

    public void end() {
        if (!response.headWritten()) {
            response.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        }
        lastWrite = response.end();
    }

    public boolean started() {
        return response.headWritten();
    }

    public Future<Void> flushed() {
        return lastWrite.otherwiseEmpty();
    }
}
