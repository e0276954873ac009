package ai.citadel.orchestration.client;

/** The failures the clients raise, for tests of what the services above make of them. */
public final class DependencyErrors {

    private DependencyErrors() {
    }

    public static DependencyHttpException http(int status, String body) {
        return DependencyHttpException.of(status, body);
    }

    public static StreamBrokenException streamBroken(String message) {
        return new StreamBrokenException(message);
    }
}
