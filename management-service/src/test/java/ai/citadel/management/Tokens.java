package ai.citadel.management;

import io.smallrye.jwt.build.Jwt;
import org.eclipse.microprofile.config.ConfigProvider;

import java.time.Instant;
import java.util.Set;

/** {@code Authorization} headers of the callers the management tests play. */
public final class Tokens {

    private Tokens() {
    }

    /** The bootstrap admin token ({@code CITADEL_ADMIN_TOKEN}), which counts as {@code admin}. */
    public static String bootstrapAdmin() {
        return "Bearer " + ConfigProvider.getConfig().getValue("citadel.auth.admin-token", String.class);
    }

    /** A person's OIDC token with these roles, from the test issuer, for Citadel. */
    public static String person(String subject, String... roles) {
        return "Bearer " + Jwt.subject(subject).groups(Set.of(roles)).audience("citadel")
                .issuer(ManagementProfile.ISSUER).sign("privateKey.jwk");
    }

    public static String admin() {
        return person("admin-alice", "admin");
    }

    public static String operator() {
        return person("operator-olga", "operator");
    }

    /** A token of the right issuer that expired an hour ago. */
    public static String expired(String... roles) {
        Instant issued = Instant.now().minusSeconds(7200);
        return "Bearer " + Jwt.subject("admin-late").groups(Set.of(roles)).audience("citadel")
                .issuer(ManagementProfile.ISSUER).issuedAt(issued).expiresAt(issued.plusSeconds(3600))
                .sign("privateKey.jwk");
    }

    /** A token signed with the test key but naming another issuer. */
    public static String otherIssuer(String... roles) {
        return "Bearer " + Jwt.subject("admin-elsewhere").groups(Set.of(roles)).audience("citadel")
                .issuer("https://issuer.elsewhere.example").sign("privateKey.jwk");
    }
}
