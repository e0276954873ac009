package ai.citadel.testing.qdrant;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Qdrant's filter, the part Citadel uses: {@code must} / {@code must_not} lists of
 * {@code {"key": "a.b", "match": {"value": v}}} conditions, with dotted keys reaching into nested payload objects.
 */
final class QdrantFilter {

    private QdrantFilter() {
    }

    static boolean matches(JsonNode filter, JsonNode payload) {
        if (filter == null || filter.isNull() || filter.isMissingNode()) {
            return true;
        }
        for (JsonNode condition : filter.path("must")) {
            if (!condition(condition, payload)) {
                return false;
            }
        }
        for (JsonNode condition : filter.path("must_not")) {
            if (condition(condition, payload)) {
                return false;
            }
        }
        return true;
    }

    private static boolean condition(JsonNode condition, JsonNode payload) {
        JsonNode value = payload;
        for (String part : condition.path("key").asText().split("\\.")) {
            value = value.path(part);
        }
        JsonNode wanted = condition.path("match").path("value");
        if (value.isNumber() && wanted.isNumber()) {
            return value.decimalValue().compareTo(wanted.decimalValue()) == 0;
        }
        return value.equals(wanted);
    }
}
