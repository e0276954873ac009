package ai.citadel.gateway.rest;

import jakarta.ws.rs.NameBinding;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the model API: its resources get the per-key and per-address rate limits of {@link ApiKeyFilter}. Bound to
 * the resource method Quarkus dispatches to, so no spelling of a path ({@code ;x}, {@code //}, {@code %2F}) can skip
 * the limits its route has.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface RateLimited {
}
