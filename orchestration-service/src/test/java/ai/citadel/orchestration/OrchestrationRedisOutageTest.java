package ai.citadel.orchestration;

import ai.citadel.testing.contract.RedisOutageContractTest;
import ai.citadel.testing.quarkus.RedisFaultProxyResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = RedisFaultProxyResource.class, restrictToAnnotatedClass = true)
class OrchestrationRedisOutageTest extends RedisOutageContractTest {
}
