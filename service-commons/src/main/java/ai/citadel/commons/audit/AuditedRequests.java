package ai.citadel.commons.audit;

import io.netty.util.NetUtil;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Optional;

/**
 * What an audit record says of the request it stands for, read from the Vert.x routing context at the end of the
 * exchange (docs/architecture.md#audit): who called, from where, on which path.
 */
public final class AuditedRequests {

    private AuditedRequests() {
    }

    /** The caller's identity once the security layer checked its credential; empty when anonymous or unchecked. */
    public static Optional<SecurityIdentity> identity(RoutingContext context) {
        if (!(context.user() instanceof QuarkusHttpUser user) || user.getSecurityIdentity().isAnonymous()) {
            return Optional.empty();
        }
        return Optional.of(user.getSecurityIdentity());
    }

    /** The caller's OIDC subject ({@code sub}), or the principal of a Citadel credential; null when anonymous. */
    public static String user(RoutingContext context) {
        return identity(context).map(AuditedRequests::user).orElse(null);
    }

    /** The OIDC subject ({@code sub}) of a person's token, else the principal's name. */
    public static String user(SecurityIdentity identity) {
        if (identity.getPrincipal() instanceof JsonWebToken token && token.getSubject() != null) {
            return token.getSubject();
        }
        return identity.getPrincipal().getName();
    }

    /** The address as an IP literal PostgreSQL's {@code inet} takes (no IPv6 zone), else null. */
    public static String clientIp(RoutingContext context) {
        SocketAddress address = context.request().remoteAddress();
        String host = address == null ? null : address.hostAddress();
        if (host == null) {
            return null;
        }
        int zone = host.indexOf('%');
        String ip = zone < 0 ? host : host.substring(0, zone);
        return NetUtil.isValidIpV4Address(ip) || NetUtil.isValidIpV6Address(ip) ? ip : null;
    }

    /** The normalized path, or the path as sent when it cannot be normalized (the request is refused later). */
    public static String normalizedPath(RoutingContext context) {
        try {
            return context.normalizedPath();
        } catch (IllegalArgumentException malformed) {
            return context.request().path();
        }
    }
}
