package ai.citadel.testing.quarkus;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@link ai.citadel.testing.proxy.FaultProxy} test field filled by a fault proxy resource:
 * {@code @InjectFaultProxy("redis")}, {@code @InjectFaultProxy("postgres")}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectFaultProxy {

    /** The resource's {@code name} init arg ({@code redis} and {@code postgres} by default); empty matches any. */
    String value() default "";
}
