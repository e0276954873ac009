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
        String token = serviceToken();
        RestAssured.replaceFiltersWith((request, response, next) -> {
            if (token != null && !request.getHeaders().hasHeaderWithName("Authorization")) {
                request.header("Authorization", "Bearer " + token);
            }
            return next.next(request, response);
        });
    }

    /** The test profile's service token ({@code citadel.auth.service-token}), {@code null} where a test unset it. */
    public static String serviceToken() {
        return ConfigProvider.getConfig().getOptionalValue("citadel.auth.service-token", String.class).orElse(null);
    }
}
