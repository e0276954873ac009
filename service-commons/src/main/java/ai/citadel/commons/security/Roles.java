package ai.citadel.commons.security;

/**
 * The roles every Citadel service understands (docs/architecture.md#security-model). People get theirs from the
 * OIDC issuer (one configured claim); the service token and the bootstrap admin token carry fixed ones.
 */
public final class Roles {

    /** Operators: API keys, model lifecycle, every read-only view. */
    public static final String ADMIN = "admin";
    /** Read-only operators. */
    public static final String OPERATOR = "operator";
    /** People using the front ends. */
    public static final String USER = "user";
    /** Another Citadel service, authenticated by {@code CITADEL_SERVICE_TOKEN}. */
    public static final String SERVICE = "service";
    /** An app or agent calling the gateway's model API with an API key (or anonymously where keys are off). */
    public static final String CLIENT = "client";

    private Roles() {
    }
}
