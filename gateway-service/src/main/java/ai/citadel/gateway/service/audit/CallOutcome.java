package ai.citadel.gateway.service.audit;

import ai.citadel.model.openai.ToolCall;

import java.time.Duration;
import java.util.List;

/**
 * How a gateway call ended and what the client received.
 *
 * @param status        {@code completed}, {@code error}, {@code timeout} or {@code cancelled}
 * @param model         the catalog model (alias resolved), or what the client sent when it did not resolve
 * @param backend       the backends that served it (comma-separated, in order, when a stream was continued on
 *                      another after a break), or for a failed call the backend that failed last; null when none did
 * @param cached        whether the answer came from the response cache
 * @param deliveredText the text the client actually received (partial when the stream broke or the client left)
 */
public record CallOutcome(String status, int httpStatus, String model, String backend, boolean cached,
                          Duration latency,
                          Duration timeToFirstToken, Integer promptTokens, Integer completionTokens,
                          String deliveredText, List<ToolCall> toolCalls, String error) {
}
