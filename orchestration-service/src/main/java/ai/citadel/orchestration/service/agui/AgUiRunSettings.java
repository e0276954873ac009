package ai.citadel.orchestration.service.agui;

import ai.citadel.commons.rest.ApiException;
import ai.citadel.model.agui.AgUiEvent;
import ai.citadel.model.agui.RunAgentInput;
import ai.citadel.orchestration.service.step.StepFailure;
import com.fasterxml.jackson.databind.JsonNode;
import org.jboss.logging.Logger;

import java.util.Optional;

/**
 * What a run may set for itself, read from its {@code state} first, then its {@code forwardedProps} (a front end
 * that keeps the setting in shared state and one that passes it per run both work), and how a failure is told.
 */
final class AgUiRunSettings {

    private static final Logger LOG = Logger.getLogger(AgUiRunSettings.class);

    private AgUiRunSettings() {
    }

    /** A setting and where it was found ({@code state.<name>} or {@code forwardedProps.<name>}). */
    private record Setting(String param, JsonNode value) {
    }

    static Optional<String> text(RunAgentInput input, String name) {
        return setting(input, name).map(setting -> {
            if (!setting.value().isTextual() || setting.value().asText().isBlank()) {
                throw ApiException.badRequest(name + " must be a non-empty string", setting.param());
            }
            return setting.value().asText();
        });
    }

    static Optional<Double> number(RunAgentInput input, String name) {
        return setting(input, name).map(setting -> {
            if (!setting.value().isNumber()) {
                throw ApiException.badRequest(name + " must be a number", setting.param());
            }
            return setting.value().asDouble();
        });
    }

    /** A whole number from {@code min} to {@code max}. */
    static Optional<Integer> integer(RunAgentInput input, String name, int min, int max) {
        return setting(input, name).map(setting -> {
            if (!setting.value().canConvertToInt() || !setting.value().isIntegralNumber()
                    || setting.value().asInt() < min || setting.value().asInt() > max) {
                throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max,
                        setting.param());
            }
            return setting.value().asInt();
        });
    }

    /** {@code RUN_ERROR} for a failure: a dependency's failure with its code, anything else as an internal error. */
    static AgUiEvent.RunError runError(Throwable failure) {
        return switch (failure) {
            case StepFailure step -> AgUiEvent.RunError.of(step.getMessage(), step.code());
            case ApiException api -> AgUiEvent.RunError.of(api.getMessage(), api.code());
            default -> {
                LOG.errorf(failure, "AG-UI run failed unexpectedly");
                yield AgUiEvent.RunError.of("the run failed unexpectedly: " + failure.getMessage(), "internal_error");
            }
        };
    }

    private static Optional<Setting> setting(RunAgentInput input, String name) {
        JsonNode fromState = input.state() == null ? null : input.state().get(name);
        if (fromState != null && !fromState.isNull()) {
            return Optional.of(new Setting("state." + name, fromState));
        }
        JsonNode forwarded = input.forwardedProps() == null ? null : input.forwardedProps().get(name);
        return forwarded == null || forwarded.isNull() ? Optional.empty()
                : Optional.of(new Setting("forwardedProps." + name, forwarded));
    }
}
