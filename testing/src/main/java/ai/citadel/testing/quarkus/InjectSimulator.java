package ai.citadel.testing.quarkus;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test field that receives a simulator started by {@link OllamaSimulatorResource} or
 * {@link OpenAiSimulatorResource}; the field's type picks the kind. With several simulators of one kind, name
 * them ({@code @ResourceArg(name = "name", value = "llm-01")}) and say which: {@code @InjectSimulator("llm-01")}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
public @interface InjectSimulator {

    /** The resource's {@code name} init arg; empty matches any. */
    String value() default "";
}
