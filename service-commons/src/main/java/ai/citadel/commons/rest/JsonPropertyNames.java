package ai.citadel.commons.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import jakarta.inject.Singleton;
import org.hibernate.validator.spi.nodenameprovider.JavaBeanProperty;
import org.hibernate.validator.spi.nodenameprovider.Property;
import org.hibernate.validator.spi.nodenameprovider.PropertyNodeNameProvider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Names bean-validation path nodes as the JSON the caller sent ({@code top_p}, {@code tool_calls}, AG-UI's
 * {@code threadId}), not as the Java components ({@code topP}), so an error's {@code param} names a field the caller
 * can find. Quarkus's Hibernate Validator picks this bean up by its type.
 */
@Singleton
public class JsonPropertyNames implements PropertyNodeNameProvider {

    private final ObjectMapper mapper;
    private final Map<Class<?>, Map<String, String>> namesByClass = new ConcurrentHashMap<>();

    public JsonPropertyNames(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public String getName(Property property) {
        if (property instanceof JavaBeanProperty bean) {
            return namesByClass.computeIfAbsent(bean.getDeclaringClass(), this::jsonNames)
                    .getOrDefault(bean.getName(), bean.getName());
        }
        return property.getName();
    }

    private Map<String, String> jsonNames(Class<?> type) {
        return mapper.getSerializationConfig().introspect(mapper.constructType(type)).findProperties().stream()
                .collect(Collectors.toMap(BeanPropertyDefinition::getInternalName, BeanPropertyDefinition::getName,
                        (first, second) -> first));
    }
}
