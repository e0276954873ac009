package ai.citadel.orchestration.service.step;

import ai.citadel.model.openai.ChatCompletion;
import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.ChatMessage;
import ai.citadel.model.openai.StreamOptions;
import ai.citadel.model.workflow.WorkflowStepType;
import ai.citadel.orchestration.config.DependenciesConfig;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code llm_query}: {@code {prompt | messages, system?, model?, temperature?, max_tokens?, stream?}} →
 * {@code {model, content, gateway, finish_reason, usage}}, through the gateways ({@link LlmGateways}). {@code prompt}
 * is one user message, {@code messages} an OpenAI conversation; {@code system} goes first. With {@code stream: true}
 * each piece of content goes to the step's {@link TokenListener} as it is generated.
 */
@ApplicationScoped
public class LlmQueryStep implements StepRunner {

    private static final TypeReference<List<ChatMessage>> MESSAGES = new TypeReference<>() {
    };

    private final LlmGateways gateways;
    private final ObjectMapper json;
    private final String defaultModel;

    LlmQueryStep(LlmGateways gateways, ObjectMapper json, DependenciesConfig config) {
        this.gateways = gateways;
        this.json = json;
        this.defaultModel = config.llm().defaultModel();
    }

    @Override
    public WorkflowStepType type() {
        return WorkflowStepType.LLM_QUERY;
    }

    @Override
    public Uni<JsonNode> run(ObjectNode params, StepContext context) {
        return Uni.createFrom().deferred(() -> {
            StepParams read = new StepParams(params, json);
            boolean stream = read.bool("stream").orElse(false);
            ChatCompletionRequest request = new ChatCompletionRequest(read.text("model").orElse(defaultModel),
                    messages(read), null, null, null, read.number("temperature").orElse(null), null, null,
                    read.integer("max_tokens").orElse(null), null, null, null, stream ? true : null,
                    stream ? StreamOptions.withUsage() : null, null, null, null, null, null, null, null, Map.of());
            AtomicBoolean tokensGiven = new AtomicBoolean();
            return gateways.send(gateway -> stream
                            ? gateway.stream(request, context.requestId(), delta -> {
                                tokensGiven.set(true);
                                context.tokens().onTokens(delta);
                            })
                            : gateway.complete(request, context.requestId()), tokensGiven)
                    .map(this::output);
        });
    }

    private List<ChatMessage> messages(StepParams read) {
        Optional<String> prompt = read.text("prompt");
        Optional<JsonNode> conversation = read.value("messages");
        if (prompt.isPresent() && conversation.isPresent()) {
            throw StepFailure.invalidParam("messages", "cannot come with 'prompt': give one of them");
        }
        List<ChatMessage> messages = new ArrayList<>();
        read.text("system").map(ChatMessage::system).ifPresent(messages::add);
        if (prompt.isPresent()) {
            messages.add(ChatMessage.user(prompt.get()));
        } else if (conversation.isPresent()) {
            messages.addAll(conversation(conversation.get()));
        } else {
            throw StepFailure.invalidParam("prompt", "(or 'messages') is required");
        }
        return messages;
    }

    private List<ChatMessage> conversation(JsonNode value) {
        if (!value.isArray() || value.isEmpty()) {
            throw StepFailure.invalidParam("messages", "must be a non-empty array of {role, content}, got "
                    + StepParams.describe(value));
        }
        try {
            List<ChatMessage> messages = json.convertValue(value, MESSAGES);
            if (messages.stream().anyMatch(message -> message == null || message.role() == null)) {
                throw StepFailure.invalidParam("messages", "must each have a role");
            }
            return messages;
        } catch (IllegalArgumentException e) {
            throw StepFailure.invalidParam("messages", "must be OpenAI chat messages {role, content}: "
                    + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private JsonNode output(LlmGateways.Answer answer) {
        ChatCompletion completion = answer.completion();
        ChatCompletion.Choice choice = completion.choices() == null || completion.choices().isEmpty() ? null
                : completion.choices().getFirst();
        ObjectNode output = json.createObjectNode()
                .put("model", completion.model())
                .put("content", choice == null || choice.message() == null ? "" : choice.message().content())
                .put("gateway", answer.gateway())
                .put("finish_reason", choice == null ? null : choice.finishReason());
        output.set("usage", json.valueToTree(completion.usage()));
        return output;
    }
}
