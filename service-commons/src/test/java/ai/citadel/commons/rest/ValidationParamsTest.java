package ai.citadel.commons.rest;

import ai.citadel.model.agui.RunAgentInput;
import ai.citadel.model.openai.ChatCompletionRequest;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.HibernateValidator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A 400's {@code param} names the field as the caller wrote it in the JSON body. */
class ValidationParamsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static ValidatorFactory factory;

    @BeforeAll
    static void createValidator() {
        factory = Validation.byProvider(HibernateValidator.class).configure()
                .propertyNodeNameProvider(new JsonPropertyNames(MAPPER))
                .buildValidatorFactory();
    }

    @AfterAll
    static void closeValidator() {
        factory.close();
    }

    private static Set<String> params(Object body) {
        Set<ConstraintViolation<Object>> violations = factory.getValidator().validate(body);
        return violations.stream().map(v -> ErrorMappers.paramOf(v.getPropertyPath()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    @Test
    void openAiFieldsAreSnakeCaseAndContentPartsAreIndexedUnderContent() throws Exception {
        ChatCompletionRequest request = MAPPER.readValue("""
                {"model":"m","top_p":-1,"max_tokens":0,
                 "messages":[{"role":"user","content":[{"type":"text","text":"ok"},{"text":"no type"}]},
                             {"role":"assistant","tool_calls":[{"type":"function","function":{"name":"f"}}]}]}
                """, ChatCompletionRequest.class);
        assertEquals(Set.of("max_tokens", "messages[0].content[1].type", "messages[1].tool_calls[0].id", "top_p"),
                params(request));
    }

    @Test
    void camelCaseProtocolsKeepTheirNames() throws Exception {
        RunAgentInput input = MAPPER.readValue("""
                {"threadId":"","runId":"r","messages":[],"tools":[],"context":[],"state":{},"forwardedProps":{}}
                """, RunAgentInput.class);
        assertEquals(Set.of("threadId"), params(input));
    }
}
