package ai.citadel.gateway.service.generation;

import ai.citadel.gateway.domain.GenerationEvent.Finished;
import ai.citadel.gateway.domain.GenerationEvent.ToolCallFragment;

import java.util.List;

/**
 * How one kind of OpenAI stream spells each part of a generation: the objects sent as {@code data:} events, in
 * order. All events of one stream share its id and creation time.
 */
public interface StreamFormat {

    /** What precedes the first token (the chat stream's role delta), possibly nothing. */
    List<Object> opening();

    /** One event carrying these tokens' text. */
    Object text(String text);

    Object toolCall(ToolCallFragment fragment);

    /** The closing events: the one with {@code finish_reason}, then the usage event when the client asked. */
    List<Object> closing(Finished finished);
}
