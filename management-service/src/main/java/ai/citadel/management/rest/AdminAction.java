package ai.citadel.management.rest;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The action a management resource method performs, as the admin audit names it ({@code models.pull},
 * {@code system.resources} …). Every resource method of this service carries one, next to its
 * {@code @RolesAllowed}; {@link AdminActionFilter} puts it on the request's audit record and applies the caller's rate
 * limit. The {@code host} query parameter, when given, is recorded as the call's host.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface AdminAction {

    /** {@code <area>.<verb>}, lower case. */
    String value();

    /** The path parameter that names the action's object (e.g. {@code name}); empty: none, or set by the resource. */
    String target() default "";
}
