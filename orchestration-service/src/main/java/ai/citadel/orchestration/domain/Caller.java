package ai.citadel.orchestration.domain;

/**
 * Who calls: workflows belong to {@code owner}; an {@code admin} sees and cancels everyone's.
 *
 * @param owner the OIDC subject of a person, or the principal of a service credential
 */
public record Caller(String owner, boolean admin) {
}
