package ai.citadel.gateway.service.generation;

import ai.citadel.gateway.domain.GenerationEvent.Finished;
import ai.citadel.model.openai.ToolCall;

import java.time.Duration;
import java.util.List;

/**
 * What the client received of a streamed generation, reported by the stream's writer once the stream is over,
 * however it ended.
 *
 * @param deliveredText   the text the client received (partial when the stream broke or the client left)
 * @param finished        the backend's end of the generation; null when it never came
 * @param firstTokenAfter time from the request's arrival to the first token; null when none came
 * @param error           why the stream broke; null when it completed
 */
public record StreamResult(Outcome outcome, String deliveredText, List<ToolCall> toolCalls, Finished finished,
                           Duration firstTokenAfter, String error) {

    /** How a stream ended, as audit and metrics record it. */
    public enum Outcome { COMPLETED, ERROR, TIMEOUT, CANCELLED }
}
