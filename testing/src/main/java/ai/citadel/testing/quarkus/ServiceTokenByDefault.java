package ai.citadel.testing.quarkus;

import io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback;
import io.quarkus.test.junit.callback.QuarkusTestMethodContext;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * REST Assured requests of a service's tests carry the service token, as Citadel's own callers do, unless the test
 * sends an {@code Authorization} header of its own; tests about what a service answers need not repeat it. A service
 * opts in with a {@code META-INF/services/io.quarkus.test.junit.callback.QuarkusTestBeforeEachCallback} file in its
 * test resources. Tests about refusals send raw requests ({@code ai.citadel.testing.contract.DenyByDefaultTest}).
 */
public class ServiceTokenByDefault implements QuarkusTestBeforeEachCallback {

    @Override
    public void beforeEach(QuarkusTestMethodContext context) {
        String authorization = "Bearer " + serviceToken();
        RestAssured.replaceFiltersWith((request, response, next) -> {
            if (!request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", authorization);
            }
            return next.next(request, response);
        });
    }

    /** The test profile's service token ({@code citadel.auth.service-token}). */
    public static String serviceToken() {
        return ConfigProvider.getConfig().getValue("citadel.auth.service-token", String.class);
    }
}
