package ai.citadel.gateway.service.cache;

import ai.citadel.gateway.config.GatewayConfig;
import ai.citadel.model.openai.ChatCompletionRequest;
import ai.citadel.model.openai.ChatMessage;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class ResponseCacheKeyTest {

    private static final ChatCompletionRequest QUESTION = ChatCompletionRequest.of("phi3",
            List.of(ChatMessage.user("why is the sky blue")));
    private static final UUID ALICE = UUID.randomUUID();
    private static final UUID BOB = UUID.randomUUID();

    @Test
    void eachKeyHasItsOwnEntriesAndCallersWithoutAKeyShareTheirs() {
        ResponseCache cache = cache(false);
        String alices = cache.keyOf("chat", "phi3:latest", QUESTION, ALICE);
        assertEquals(alices, cache.keyOf("chat", "phi3:latest", QUESTION, ALICE));
        assertNotEquals(alices, cache.keyOf("chat", "phi3:latest", QUESTION, BOB));
        assertNotEquals(alices, cache.keyOf("chat", "phi3:latest", QUESTION, null));
        assertEquals(cache.keyOf("chat", "phi3:latest", QUESTION, null),
                cache.keyOf("chat", "phi3:latest", QUESTION, null));
    }

    @Test
    void aRequestFieldCannotPoseAsAnotherCallersKey() {
        ResponseCache cache = cache(false);
        ChatCompletionRequest posing = new ChatCompletionRequest(QUESTION.model(), QUESTION.messages(), null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                Map.of("citadel_api_key", TextNode.valueOf(ALICE.toString())));
        assertNotEquals(cache.keyOf("chat", "phi3:latest", QUESTION, ALICE),
                cache.keyOf("chat", "phi3:latest", posing, null));
    }

    @Test
    void sharedAcrossKeysOneEntryServesEveryone() {
        ResponseCache cache = cache(true);
        String alices = cache.keyOf("chat", "phi3:latest", QUESTION, ALICE);
        assertEquals(alices, cache.keyOf("chat", "phi3:latest", QUESTION, BOB));
        assertEquals(alices, cache.keyOf("chat", "phi3:latest", QUESTION, null));
    }

    private static ResponseCache cache(boolean sharedAcrossKeys) {
        GatewayConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors() // expands ${…} in defaults, as Quarkus does
                .withMapping(GatewayConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withDefaultValues(Map.of(
                        "citadel.audit.spool-directory", "target/unused",
                        "citadel.cache.shared-across-keys", Boolean.toString(sharedAcrossKeys)))
                .build()
                .getConfigMapping(GatewayConfig.class);
        return new ResponseCache(null, new ObjectMapper(), config, new SimpleMeterRegistry());
    }
}
