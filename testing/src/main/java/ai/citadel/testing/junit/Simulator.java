package ai.citadel.testing.junit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A field of a plain JUnit test that receives a started simulator (Ollama, OpenAI-compatible, embedding service or
 * Qdrant; the field's type picks the kind). A {@code static} field holds one simulator for the whole class, its
 * controls reset before each test; an instance field a fresh one for each test. Either is closed when its scope
 * ends. {@code @QuarkusTest}s get theirs from the test resources instead ({@code ai.citadel.testing.quarkus}).
 *
 * <pre>{@code
 * class ChatTest {
 *     @Simulator
 *     static OllamaSimulator ollama;
 * }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.FIELD)
@ExtendWith(SimulatorExtension.class)
public @interface Simulator {
}
