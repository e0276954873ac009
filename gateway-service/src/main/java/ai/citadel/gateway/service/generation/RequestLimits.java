package ai.citadel.gateway.service.generation;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.gateway.config.GatewayConfig;
import ai.citadel.gateway.service.routing.ModelCatalog.CatalogModel;
import ai.citadel.model.common.StringOrList;
import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.CompletionRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.Map;

/**
 * What a chat or completion request may ask for, beyond the checks on its fields alone (common-model's bean
 * validation): limits from configuration and the model, checked before any backend is asked. A request over a limit
 * is a 400 naming the field, as OpenAI reports it.
 */
@ApplicationScoped
public class RequestLimits {

    /** OpenAI's own limits. */
    static final int MAX_STOP_SEQUENCES = 4;
    static final int MAX_LOGIT_BIAS_ENTRIES = 300;

    private final int maxMessages;
    private final int maxTools;

    public RequestLimits(GatewayConfig config) {
        this.maxMessages = config.requestLimits().maxMessages();
        this.maxTools = config.requestLimits().maxTools();
    }

    /** @throws ApiException 400 naming the field over its limit */
    public void check(ChatCompletionRequest request, CatalogModel model) {
        oneChoice(request.n());
        atMost("messages", request.messages(), maxMessages);
        atMost("tools", request.tools(), maxTools);
        maxTokens("max_tokens", request.maxTokens(), model);
        maxTokens("max_completion_tokens", request.maxCompletionTokens(), model);
        common(request.stop(), request.logitBias());
    }

    /** @throws ApiException 400 naming the field over its limit */
    public void check(CompletionRequest request, CatalogModel model) {
        oneChoice(request.n());
        maxTokens("max_tokens", request.maxTokens(), model);
        common(request.stop(), request.logitBias());
    }

    private static void common(StringOrList stop, Map<String, Integer> logitBias) {
        atMost("stop", stop == null ? null : stop.values(), MAX_STOP_SEQUENCES);
        atMost("logit_bias", logitBias == null ? null : logitBias.keySet(), MAX_LOGIT_BIAS_ENTRIES);
    }

    private static void oneChoice(Integer n) {
        if (n != null && n > 1) {
            throw ApiException.badRequest("n > 1 is not supported: send one request per choice", "n");
        }
    }

    private static void atMost(String field, Collection<?> values, int max) {
        if (values != null && values.size() > max) {
            throw ApiException.badRequest(field + " has " + values.size() + " entries; at most " + max
                    + " are allowed", field);
        }
    }

    private static void maxTokens(String field, Integer requested, CatalogModel model) {
        if (requested != null && requested > model.maxTokens()) {
            throw ApiException.badRequest(field + " is " + requested + "; model " + model.name() + " takes at most "
                    + model.maxTokens(), field);
        }
    }
}
