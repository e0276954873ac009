package ai.citadel.gateway.client;

import ai.citadel.gateway.domain.GenerationEvent;

import java.util.List;

/**
 * Turns the lines of one backend response stream into {@link GenerationEvent}s. Stateful: one instance per
 * stream, fed every line in order, then {@link #end()}.
 */
public interface StreamDecoder {

    /**
     * @param line one line of the body without its line terminator (an NDJSON record, or an SSE line — blank
     *             lines, comments and {@code event:} lines included)
     * @return the events this line carries, possibly none
     * @throws BackendStreamException when the line reports an error (Ollama {@code {"error":…}}, an OpenAI
     *                                {@code data: {"error":…}} event) or cannot be parsed
     */
    List<GenerationEvent> decode(String line);

    /**
     * Called when the backend closed the stream normally.
     *
     * @return the remaining events; always ends with exactly one {@link GenerationEvent.Finished} overall
     * @throws BackendStreamException when the stream ended before the backend said it was done
     */
    List<GenerationEvent> end();
}
