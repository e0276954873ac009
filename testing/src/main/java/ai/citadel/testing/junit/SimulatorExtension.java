package ai.citadel.testing.junit;

import ai.citadel.testing.HttpSimulator;
import ai.citadel.testing.embedding.EmbeddingServiceSimulator;
import ai.citadel.testing.ollama.OllamaSimulator;
import ai.citadel.testing.openai.OpenAiSimulator;
import ai.citadel.testing.qdrant.QdrantSimulator;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts, resets and closes the simulators of a test's {@link Simulator} fields: static ones around the class,
 * reset before each test; instance ones around each test.
 */
public final class SimulatorExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback,
        AfterAllCallback {

    private static final Map<Class<?>, Supplier<AutoCloseable>> STARTERS = Map.of(
            OllamaSimulator.class, () -> OllamaSimulator.builder().start(),
            OpenAiSimulator.class, () -> OpenAiSimulator.builder().start(),
            EmbeddingServiceSimulator.class, () -> EmbeddingServiceSimulator.builder().start(),
            QdrantSimulator.class, () -> QdrantSimulator.start(0));

    @Override
    public void beforeAll(ExtensionContext context) throws IllegalAccessException {
        for (Field field : fields(context.getRequiredTestClass(), true)) {
            field.set(null, start(field));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws IllegalAccessException {
        for (Field field : fields(context.getRequiredTestClass(), true)) {
            reset(field.get(null));
        }
        Object test = context.getRequiredTestInstance();
        for (Field field : fields(context.getRequiredTestClass(), false)) {
            field.set(test, start(field));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Object test = context.getRequiredTestInstance();
        for (Field field : fields(context.getRequiredTestClass(), false)) {
            close(field, test);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (Field field : fields(context.getRequiredTestClass(), true)) {
            close(field, null);
        }
    }

    private static List<Field> fields(Class<?> testClass, boolean statics) {
        List<Field> found = new ArrayList<>();
        for (Class<?> type = testClass; type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (field.isAnnotationPresent(Simulator.class) && Modifier.isStatic(field.getModifiers()) == statics) {
                    field.setAccessible(true);
                    found.add(field);
                }
            }
        }
        return found;
    }

    private static AutoCloseable start(Field field) {
        Supplier<AutoCloseable> starter = STARTERS.get(field.getType());
        if (starter == null) {
            throw new ExtensionConfigurationException("@Simulator field " + field.getName() + " is a "
                    + field.getType().getSimpleName() + "; simulators are " + STARTERS.keySet().stream()
                    .map(Class::getSimpleName).sorted().toList());
        }
        return starter.get();
    }

    private static void reset(Object simulator) {
        if (simulator instanceof HttpSimulator http) {
            http.controls().reset();
        } else if (simulator instanceof QdrantSimulator qdrant) {
            qdrant.reset();
        }
    }

    private static void close(Field field, Object test) throws Exception {
        AutoCloseable simulator = (AutoCloseable) field.get(test);
        if (simulator != null) {
            field.set(test, null);
            simulator.close();
        }
    }
}
