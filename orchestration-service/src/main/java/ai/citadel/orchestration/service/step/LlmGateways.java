package ai.citadel.orchestration.service.step;

import ai.citadel.model.openai.ChatCompletion;
import ai.citadel.orchestration.client.GatewayClient;
import ai.citadel.orchestration.client.GatewayClients;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Sends a chat to the gateways in name order (docs/orchestration.md#step-types). A retryable failure (timeout,
 * connection failure, 5xx, 429, open circuit, broken stream) moves on to the next gateway as long as no token has
 * been handed on; after one has, the failure is the attempt's, and the engine retries the step. A request a gateway
 * refused (another 4xx) fails at once: the next gateway would refuse it too.
 */
@ApplicationScoped
public class LlmGateways {

    /** The gateway that answered, and its answer. */
    public record Answer(String gateway, ChatCompletion completion) {
    }

    private final GatewayClients gateways;

    LlmGateways(GatewayClients gateways) {
        this.gateways = gateways;
    }

    /**
     * @param call        the call to one gateway
     * @param tokensGiven set once the call has handed a token on, after which there is no failing over
     */
    public Uni<Answer> send(Function<GatewayClient, Uni<ChatCompletion>> call, AtomicBoolean tokensGiven) {
        if (gateways.inOrder().isEmpty()) {
            return Uni.createFrom().failure(new StepFailure(StepFailure.NO_GATEWAY,
                    "no LLM gateway is configured (citadel.gateways.<name>.url)", false));
        }
        return attempt(0, call, tokensGiven, new ArrayList<>());
    }

    private Uni<Answer> attempt(int index, Function<GatewayClient, Uni<ChatCompletion>> call,
                                AtomicBoolean tokensGiven, List<String> reasons) {
        if (index == gateways.inOrder().size()) {
            return Uni.createFrom().failure(new StepFailure(StepFailure.NO_GATEWAY, "no gateway could answer: "
                    + String.join("; ", reasons), true));
        }
        GatewayClient gateway = gateways.inOrder().get(index);
        return call.apply(gateway)
                .map(completion -> new Answer(gateway.name(), completion))
                .onFailure(failure -> !tokensGiven.get() && StepFailures.of(gateway.name(), failure).retryable())
                .recoverWithUni(failure -> {
                    reasons.add(gateway.name() + ": " + StepFailures.reason(failure));
                    return attempt(index + 1, call, tokensGiven, reasons);
                })
                .onFailure(failure -> !(failure instanceof StepFailure)).transform(failure -> tokensGiven.get()
                        ? new StepFailure(StepFailure.STREAM_BROKEN, gateway.name() + " failed after tokens were "
                                + "streamed: " + StepFailures.reason(failure), true)
                        : StepFailures.of(gateway.name(), failure));
    }
}
