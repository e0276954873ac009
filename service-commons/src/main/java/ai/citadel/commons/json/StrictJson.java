package ai.citadel.commons.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * A JSON object that names a field twice is malformed for every Citadel service (a 400 {@code invalid_json}
 * naming the field): Jackson would otherwise keep one of the values silently — which one a proxy in front keeps may
 * differ — and fail with a 500 on records, which bind through their constructor.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
    }
}
