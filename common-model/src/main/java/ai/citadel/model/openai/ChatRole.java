package ai.citadel.model.openai;

import com.fasterxml.jackson.annotation.JsonValue;

/** Author of an OpenAI chat message ({@code /v1/chat/completions} {@code role}). */
public enum ChatRole {
    SYSTEM("system"),
    /** Newer name for {@code system} on OpenAI reasoning models. */
    DEVELOPER("developer"),
    USER("user"),
    ASSISTANT("assistant"),
    TOOL("tool"),
    /** Deprecated function-calling result role, still sent by old clients. */
    FUNCTION("function");

    private final String wireName;

    ChatRole(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
