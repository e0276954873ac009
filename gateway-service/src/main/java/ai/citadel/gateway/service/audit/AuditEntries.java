package ai.citadel.gateway.service.audit;

import ai.citadel.commons.text.UniqueIds;
import ai.citadel.gateway.repository.AuditEntry;
import ai.citadel.model.openai.ChatMessage;
import ai.citadel.model.openai.ChatRole;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a finished gateway call into the rows the audit keeps of it ({@link AuditEntry}): its request, and for a
 * chat its conversation and messages. A continued conversation's earlier turns, which clients resend every time,
 * are recorded once.
 */
@ApplicationScoped
public class AuditEntries {

    private static final int MAX_MODEL_NAME = 256;

    private final ObjectMapper json;

    public AuditEntries(ObjectMapper json) {
        this.json = json;
    }

    /** The rows of one call; chats add their conversation and the messages new to it. */
    public AuditEntry of(GatewayCall call, CallOutcome outcome) {
        AuditEntry.Request request = new AuditEntry.Request(call.requestId(), call.arrivedAt(), call.endpoint(),
                call.profile(), indexable(outcome.model()), outcome.backend(), outcome.status(),
                outcome.httpStatus(), millis(outcome.latency()), outcome.timeToFirstToken() == null ? null
                : millis(outcome.timeToFirstToken()), outcome.promptTokens(), outcome.completionTokens(),
                outcome.cached(),
                call.apiKeyId(), call.clientIp(), call.userAgent(), call.conversationId(), outcome.error());
        if (call.conversationId() == null) {
            return new AuditEntry(request, null, List.of());
        }
        List<AuditEntry.Message> messages = new ArrayList<>();
        List<ChatMessage> sent = call.messages();
        for (int seq = firstNewMessage(call); seq < sent.size(); seq++) {
            ChatMessage message = sent.get(seq);
            messages.add(new AuditEntry.Message(UniqueIds.uuid(), call.conversationId(), call.requestId(), seq,
                    roleOf(message.role()), message.content() == null ? null : textOf(message),
                    toolCallsJson(message.toolCalls()), message.toolCallId(), message.name(), call.arrivedAt()));
        }
        boolean answered = !outcome.deliveredText().isEmpty() || !outcome.toolCalls().isEmpty();
        if (answered) {
            messages.add(new AuditEntry.Message(UniqueIds.uuid(), call.conversationId(), call.requestId(),
                    sent.size(), "assistant", outcome.deliveredText().isEmpty() ? null : outcome.deliveredText(),
                    outcome.toolCalls().isEmpty() ? null : toolCallsJson(outcome.toolCalls()), null, null,
                    call.arrivedAt().plus(outcome.latency())));
        }
        AuditEntry.Conversation conversation = new AuditEntry.Conversation(call.conversationId(),
                call.arrivedAt(), call.apiKeyId(), call.clientIp(), call.userAgent(), indexable(outcome.model()),
                messages.size());
        return new AuditEntry(request, conversation, messages);
    }

    /**
     * The model name of a refused call is the caller's text; the audit's model index cannot hold an entry of a few
     * kilobytes (PostgreSQL refuses the row), and no catalog name is anywhere near this long.
     */
    private static String indexable(String model) {
        return model == null || model.length() <= MAX_MODEL_NAME ? model : model.substring(0, MAX_MODEL_NAME);
    }

    /** A continued conversation resends its history: only what follows the last answer is new. */
    private static int firstNewMessage(GatewayCall call) {
        if (!call.continued()) {
            return 0;
        }
        List<ChatMessage> sent = call.messages();
        for (int i = sent.size() - 1; i >= 0; i--) {
            if (sent.get(i).role() == ChatRole.ASSISTANT) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The audit table knows the four classic roles: a developer message is a system one, a function one a tool. */
    private static String roleOf(ChatRole role) {
        return switch (role) {
            case DEVELOPER -> "system";
            case FUNCTION -> "tool";
            default -> role.wireName();
        };
    }

    private String textOf(ChatMessage message) {
        return message.content().text() != null ? message.content().text() : toJson(message.content());
    }

    private String toolCallsJson(List<?> toolCalls) {
        return toolCalls == null || toolCalls.isEmpty() ? null : toJson(toolCalls);
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise audit content", e);
        }
    }

    private static int millis(Duration duration) {
        return (int) Math.min(Integer.MAX_VALUE, duration.toMillis());
    }
}
