package ai.citadel.orchestration.service.agui;

import ai.citadel.model.agui.AgUiEvent;
import ai.citadel.model.agui.RunAgentInput;
import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.StreamOptions;
import ai.citadel.orchestration.config.DependenciesConfig;
import ai.citadel.orchestration.domain.Caller;
import ai.citadel.orchestration.service.step.LlmGateways;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Agent {@code chat}: the conversation through the gateways, the answer streamed as a text message, the front end's
 * tools offered to the model. When the model calls one, the run ends after the call so the front end can run the
 * tool; the next run, with the tool's result among its messages, continues the conversation.
 */
@ApplicationScoped
class ChatAgent implements AgUiAgent {

    private final LlmGateways gateways;
    private final String defaultModel;

    ChatAgent(LlmGateways gateways, DependenciesConfig config) {
        this.gateways = gateways;
        this.defaultModel = config.llm().defaultModel();
    }

    @Override
    public String name() {
        return "chat";
    }

    @Override
    public Multi<AgUiEvent> run(RunAgentInput input, Caller caller) {
        ChatCompletionRequest request = new ChatCompletionRequest(
                AgUiRunSettings.text(input, "model").orElse(defaultModel), AgUiConversation.messages(input),
                AgUiConversation.tools(input), null, null, AgUiRunSettings.number(input, "temperature").orElse(null),
                null, null, null, null, null, null, true, StreamOptions.withUsage(), null, null, null, null, null,
                null, null, Map.of());
        return Multi.createFrom().emitter(emitter -> {
            emitter.emit(AgUiEvent.RunStarted.of(input.threadId(), input.runId()));
            AtomicBoolean delivered = new AtomicBoolean();
            AgUiStream answer = new AgUiStream("msg-" + input.runId(), emitter::emit, delivered);
            Cancellable call = gateways.send(gateway -> gateway.stream(request, input.runId(), answer), delivered)
                    .subscribe().with(done -> {
                        answer.end();
                        emitter.emit(AgUiEvent.RunFinished.of(input.threadId(), input.runId()));
                        emitter.complete();
                    }, failure -> {
                        answer.end();
                        emitter.emit(AgUiRunSettings.runError(failure));
                        emitter.complete();
                    });
            emitter.onTermination(call::cancel);
        });
    }
}
