package ai.citadel.gateway.repository;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Everything one gateway call adds to the audit tables: its {@code requests} row and, for chats, its conversation
 * and the messages it carried or produced. The rows {@link AuditRepository} writes, so they live beside it: the
 * service layer builds them, the repository never depends on it. Serialised as one JSON line in the audit spool
 * (the record's component names are that file's format).
 */
public record AuditEntry(Request request, Conversation conversation, List<Message> messages) {

    /** A {@code gateway.requests} row. */
    public record Request(String requestId, Instant createdAt, String endpoint, String profile, String model,
                          String backend, String status, Integer httpStatus, Integer latencyMs, Integer ttftMs,
                          Integer promptTokens, Integer completionTokens, boolean cached, UUID apiKeyId,
                          String clientIp, String userAgent, UUID conversationId, String error) {
    }

    /** Creates or touches a {@code gateway.conversations} row. */
    public record Conversation(UUID id, Instant at, UUID apiKeyId, String clientIp, String userAgent, String model,
                               int addedMessages) {
    }

    /** A {@code gateway.messages} row; {@code toolCalls} is the OpenAI tool_calls array as JSON text. */
    public record Message(UUID id, UUID conversationId, String requestId, int seq, String role, String content,
                          String toolCalls, String toolCallId, String name, Instant createdAt) {
    }
}
