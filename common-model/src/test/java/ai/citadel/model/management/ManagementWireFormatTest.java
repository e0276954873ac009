package ai.citadel.model.management;

import ai.citadel.model.WireJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static ai.citadel.model.WireJson.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The management API ({@code /management/*}, docs/management.md). */
class ManagementWireFormatTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("management/models-by-host.json", ModelsByHost.class),
                Arguments.of("management/running-by-host.json", RunningByHost.class),
                Arguments.of("management/model-info.json", ModelInfo.class),
                Arguments.of("management/configured-models.json", ConfiguredModels.class),
                Arguments.of("management/pull-request.json", PullRequest.class),
                Arguments.of("management/delete-request.json", DeleteRequest.class),
                Arguments.of("management/delete-result.json", DeleteResult.class),
                Arguments.of("management/operation.json", Operation.class),
                Arguments.of("management/audit-page.json", AuditPage.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleRoundTrips(String resource, Class<?> type) {
        WireJson.assertRoundTrip(resource, type);
    }

    @Test
    void aHostThatDidNotAnswerHasAnErrorAndNoModels() {
        ModelsByHost list = read("management/models-by-host.json", ModelsByHost.class);
        assertEquals("phi3", list.hosts().getFirst().models().getFirst().details().family());
        assertNull(list.hosts().get(1).models());
        assertTrue(list.hosts().get(1).error().startsWith("Connection refused"));
    }

    @Test
    void forceIsOffUnlessSent() {
        assertTrue(read("management/delete-request.json", DeleteRequest.class).forced());
        assertFalse(new DeleteRequest("phi3", null, null).forced());
    }

    @Test
    void anOperationSaysEachHostsProgress() {
        Operation operation = read("management/operation.json", Operation.class);
        assertEquals(List.of("succeeded", "failed"), operation.hosts().stream().map(PullProgress::state).toList());
        assertEquals(4.0, operation.hosts().get(1).percent());
        assertEquals(38, read("management/audit-page.json", AuditPage.class).entries().getFirst().durationMs());
    }
}
