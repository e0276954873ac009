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

/** The management service's system views: resources, services, storage, Ollama hosts. */
class SystemWireFormatTest {

    static Stream<Arguments> examples() {
        return Stream.of(
                Arguments.of("management/system-resources.json", SystemResources.class),
                Arguments.of("management/system-resources-no-gpu.json", SystemResources.class),
                Arguments.of("management/services-status.json", ServicesStatus.class),
                Arguments.of("management/storage-usage.json", StorageUsage.class),
                Arguments.of("management/ollama-status.json", OllamaStatus.class));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void exampleRoundTrips(String resource, Class<?> type) {
        WireJson.assertRoundTrip(resource, type);
    }

    @Test
    void figuresAPlatformLacksAreLeftOut() {
        SystemResources windows = read("management/system-resources-no-gpu.json", SystemResources.class);
        assertNull(windows.cpu().loadAverage());
        assertFalse(windows.gpu().available());
        assertTrue(windows.gpu().devices().isEmpty());

        SystemResources linux = read("management/system-resources.json", SystemResources.class);
        assertEquals(List.of(3.12, 2.87, 2.5), linux.cpu().loadAverage());
        assertEquals(48213, linux.gpu().devices().getFirst().processes().getFirst().pid());
    }

    @Test
    void summariesFollowTheirParts() {
        ServicesStatus services = read("management/services-status.json", ServicesStatus.class);
        assertFalse(ServicesStatus.of(services.services()).allReady());
        assertTrue(ServicesStatus.of(services.services().subList(1, 2)).allReady());

        OllamaStatus ollama = read("management/ollama-status.json", OllamaStatus.class);
        assertFalse(OllamaStatus.of(ollama.hosts()).allUp());
        assertTrue(OllamaStatus.of(ollama.hosts().subList(0, 1)).allUp());
        assertEquals(SystemResources.Gpus.none("why"), new SystemResources.Gpus(false, "why", List.of()));
    }
}
