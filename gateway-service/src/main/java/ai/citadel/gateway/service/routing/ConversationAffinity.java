package ai.citadel.gateway.service.routing;

import ai.citadel.commons.text.Sha256;
import ai.citadel.gateway.client.AffinityStore;
import ai.citadel.gateway.config.GatewayConfig;
import ai.citadel.model.openai.ChatMessage;
import ai.citadel.model.openai.ChatRole;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Which backend served a conversation's last turn (docs/gateway.md#conversation-affinity), kept in Redis so every
 * replica sees it. A turn is recognised two ways, because clients that do not send {@code X-Conversation-Id} back
 * still resend the whole history each turn:
 * <ul>
 *   <li>its conversation id, when the client continued one with {@code X-Conversation-Id};</li>
 *   <li>the caller's API key, the model and the conversation's leading messages (up to and including the first user
 *       message), which stay the same in every turn of one chat; only for requests that carry an assistant message,
 *       i.e. that are a later turn.</li>
 * </ul>
 * Every answered turn is stored under both, so either finds it next time.
 */
@ApplicationScoped
public class ConversationAffinity {

    static final String PREFIX = "citadel:affinity:";

    /** The Redis keys of one turn: those to look up, in order, and those to store the answering backend under. */
    public record Keys(List<String> lookup, List<String> store) {

        /** With affinity off: nothing to look up or store. */
        static final Keys NONE = new Keys(List.of(), List.of());
    }

    private final AffinityStore store;
    private final RoutingMetrics metrics;
    private final ObjectMapper json;
    private final boolean enabled;
    private final Duration ttl;

    public ConversationAffinity(AffinityStore store, RoutingMetrics metrics, ObjectMapper json, GatewayConfig config) {
        this.store = store;
        this.metrics = metrics;
        this.json = json;
        this.enabled = config.routing().affinity().enabled();
        this.ttl = config.routing().affinity().ttl();
    }

    /**
     * @param continued whether the client sent {@code conversationId} back ({@code X-Conversation-Id})
     * @param apiKeyId  the caller's key; null without one (callers without a key share their affinities)
     */
    public Keys keysOf(UUID conversationId, boolean continued, UUID apiKeyId, String model,
                       List<ChatMessage> messages) {
        if (!enabled) {
            return Keys.NONE; // no hashing of the conversation's opening on every request
        }
        String conversation = PREFIX + "conversation:" + conversationId;
        String leading = PREFIX + "lead:" + Sha256.hex(apiKeyId + "\n" + model + "\n" + leadingMessages(messages));
        List<String> lookup = new ArrayList<>(2);
        if (continued) {
            lookup.add(conversation);
        }
        // a first turn has no earlier one to follow: independent chats that open alike are balanced, not pinned
        if (messages.stream().anyMatch(message -> message.role() == ChatRole.ASSISTANT)) {
            lookup.add(leading);
        }
        return new Keys(lookup, List.of(conversation, leading));
    }

    /**
     * The backend that served the conversation last; empty when none is known, affinity is off, Redis fails, or the
     * request opens a conversation.
     */
    public Uni<Optional<String>> lastBackend(Keys keys) {
        if (keys.lookup().isEmpty()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return store.first(keys.lookup()).invoke(found -> {
            if (found.isEmpty()) {
                metrics.affinity(RoutingMetrics.AffinityResult.MISS);
            }
        });
    }

    /** Remembers the backend that answered, in the background; refreshes the TTL when it is the same one. */
    public void answeredBy(Keys keys, String backend) {
        if (!keys.store().isEmpty()) {
            store.put(keys.store(), backend, ttl).subscribe().with(stored -> {
            });
        }
    }

    private String leadingMessages(List<ChatMessage> messages) {
        List<ChatMessage> leading = new ArrayList<>();
        for (ChatMessage message : messages) {
            leading.add(message);
            if (message.role() == ChatRole.USER) {
                break;
            }
        }
        try {
            return json.writeValueAsString(leading);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize chat messages", e);
        }
    }
}
