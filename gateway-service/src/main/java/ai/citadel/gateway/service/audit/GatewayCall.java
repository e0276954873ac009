package ai.citadel.gateway.service.audit;

import ai.citadel.model.openai.ChatMessage;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One call to the gateway as the audit records it: who asked what, through which endpoint and profile.
 *
 * @param messages       the chat's messages; empty for legacy completions
 * @param conversationId the conversation a chat belongs to; null for legacy completions
 * @param continued      whether the client continued a conversation ({@code X-Conversation-Id}), in which case its
 *                       earlier turns, which clients resend each time, are already recorded
 */
public record GatewayCall(String requestId, Instant arrivedAt, String endpoint, String profile,
                          String requestedModel, List<ChatMessage> messages, UUID conversationId, boolean continued,
                          UUID apiKeyId, String clientIp, String userAgent) {
}
