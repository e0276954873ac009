package ai.citadel.management.system;

import io.quarkus.test.common.QuarkusTestResource;
import ai.citadel.management.ManagementProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static ai.citadel.management.system.OperatorCalls.asOperator;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code GET /management/system/resources} and seed 003's {@code GET /api/v1/metrics/system}: this machine through
 * OSHI, GPUs through the stand-in nvidia-smi ({@code src/test/resources/fake-nvidia-smi}), which prints what a real
 * one prints on a machine with two H100s.
 */
@QuarkusTest
@TestProfile(ManagementProfile.class)
@QuarkusTestResource(PlatformStubs.class)
class SystemResourcesTest {

    private static final long MIB = 1024L * 1024L;

    @Test
    void describesTheMachine() {
        JsonPath machine = asOperator().get("/management/system/resources").then()
                .statusCode(200)
                .contentType(ContentType.JSON)
                .body("hostname", notNullValue())
                .body("os", notNullValue())
                .body("cpu.model", notNullValue())
                .body("cpu.load_average", hasSize(3))
                .body("disks", not(hasSize(0)))
                .body("disks.mount", everyItem(notNullValue()))
                .body("network.name", everyItem(notNullValue()))
                .extract().jsonPath();

        assertTrue(machine.getLong("uptime_seconds") > 0);
        assertTrue(machine.getInt("cpu.logical_cores") >= machine.getInt("cpu.physical_cores"));
        assertTrue(machine.getInt("cpu.physical_cores") > 0);
        double usage = machine.getDouble("cpu.usage_percent");
        assertTrue(usage >= 0 && usage <= 100, "usage " + usage);
        long memory = machine.getLong("memory.total_bytes");
        assertTrue(memory > 0);
        assertEquals(memory, machine.getLong("memory.used_bytes") + machine.getLong("memory.available_bytes"));
        assertTrue(machine.getLong("swap.used_bytes") <= machine.getLong("swap.total_bytes"));
        machine.getList("disks", Map.class).forEach(disk -> assertTrue(
                ((Number) disk.get("used_bytes")).longValue() <= ((Number) disk.get("total_bytes")).longValue(),
                () -> "disk " + disk));
    }

    @Test
    void reportsEachGpuWithTheMemoryOfItsProcesses() {
        JsonPath gpu = asOperator().get("/management/system/resources").then().statusCode(200)
                .body("gpu.available", equalTo(true))
                .body("gpu.devices.index", contains(0, 1))
                .body("gpu.devices.name", everyItem(equalTo("NVIDIA H100 80GB HBM3")))
                .extract().jsonPath().setRootPath("gpu.devices[0]");

        assertEquals("GPU-5f8e2a1c-3b7d-4e96-a0c2-9d41f7b83e15", gpu.getString("uuid"));
        assertEquals(42317 * MIB, gpu.getLong("memory_used_bytes"));
        assertEquals(81559 * MIB, gpu.getLong("memory_total_bytes"));
        assertEquals(37, gpu.getInt("utilization_percent"));
        assertEquals(45, gpu.getInt("temperature_celsius"));
        assertEquals(Map.of("pid", 48213, "name", "/usr/local/bin/ollama", "used_memory_bytes", 41786 * MIB),
                gpu.getMap("processes[0]"));
    }

    @Test
    void seed003sMetricsPathAnswersTheSame() {
        JsonPath management = asOperator().get("/management/system/resources").jsonPath();
        JsonPath metrics = asOperator().get("/api/v1/metrics/system").then().statusCode(200).extract().jsonPath();

        assertEquals(management.getMap("cpu").keySet(), metrics.getMap("cpu").keySet());
        assertEquals(management.getString("cpu.model"), metrics.getString("cpu.model"));
        assertEquals(management.getLong("memory.total_bytes"), metrics.getLong("memory.total_bytes"));
        assertEquals(management.getList("disks.mount"), metrics.getList("disks.mount"));
        assertEquals(management.getList("gpu.devices.uuid"), metrics.getList("gpu.devices.uuid"));
    }

    @Test
    void noCredentialNoFigures() {
        for (String path : new String[]{"/management/system/resources", "/api/v1/metrics/system"}) {
            given().noFilters().get(path).then()
                    .statusCode(401)
                    .contentType(ContentType.JSON)
                    .body("error.code", equalTo("unauthenticated"));
        }
    }
}
