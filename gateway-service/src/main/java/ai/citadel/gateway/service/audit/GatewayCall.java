package ai.citadel.gateway.service.audit;

import ai.citadel.gateway.repository.ApiKey;
import ai.citadel.gateway.service.routing.TriedBackends;
import ai.citadel.model.openai.ChatMessage;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One call to the gateway as the audit records it: who asked what, through which endpoint and profile.
 *
 * @param arrivalNanos   {@link System#nanoTime()} when the request arrived, which latencies are measured from
 * @param messages       the chat's messages; empty for legacy completions
 * @param conversationId the conversation a chat belongs to; null for legacy completions
 * @param continued      whether the client continued a conversation ({@code X-Conversation-Id}), in which case its
 *                       earlier turns, which clients resend each time, are already recorded
 * @param apiKey         the key the caller authenticated with, charged for the call's tokens; null when it sent none
 * @param tried          the backend routing tries now or tried last, which a call that ends without an answer names
 */
public record GatewayCall(String requestId, Instant arrivedAt, long arrivalNanos, String endpoint, String profile,
                          String requestedModel, List<ChatMessage> messages, UUID conversationId, boolean continued,
                          ApiKey apiKey, String clientIp, String userAgent, TriedBackends tried) {

    /** The id of the caller's key ({@code gateway.api_keys.id}), null when it sent none. */
    public UUID apiKeyId() {
        return apiKey == null ? null : apiKey.id();
    }
}
