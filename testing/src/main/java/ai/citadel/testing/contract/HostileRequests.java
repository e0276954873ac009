package ai.citadel.testing.contract;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

/**
 * Malformed, hostile and oversized HTTP requests for every operation of a service, made deterministically from a
 * seed: request {@code i} of a run depends only on the seed, {@code i} and the published operations, so any one
 * can be made again alone. Each starts from a well-formed request with a valid credential and a body built from the
 * operation's OpenAPI schema, and breaks one thing: the JSON, a field's value, the method, the path, the query, a
 * header or the HTTP framing.
 */
public final class HostileRequests {

    /** What a request breaks, and how many requests of the kind each operation gets per round. */
    public enum Kind {
        BROKEN_JSON(16, true),
        NOT_AN_OBJECT(8, true),
        WRONG_TYPE(20, true),
        HUGE_NUMBER(14, true),
        DEEP_NESTING(6, true),
        INVALID_UTF8(12, true),
        NUL(8, true),
        /** Variant 0 declares a body over the limit, 2 streams one chunked; both only in the first round. */
        OVERSIZED(6, true),
        DUPLICATE_KEY(3, true),
        UNKNOWN_FIELD(4, true),
        ODD_METHOD(10, false),
        ODD_PATH(20, false),
        ODD_PATH_PARAMETER(8, false),
        ODD_QUERY(8, false),
        CONTENT_TYPE(12, false),
        CONTENT_LENGTH(8, false),
        CHUNKED(10, false),
        ACCEPT(8, false),
        HUGE_HEADER(6, false),
        ODD_HEADER(14, false),
        HTTP_VERSION(6, false);

        private final int perOperation;
        private final boolean aboutTheBody;

        Kind(int perOperation, boolean aboutTheBody) {
            this.perOperation = perOperation;
            this.aboutTheBody = aboutTheBody;
        }
    }

    /** Body mutations sent to an operation that takes no body (a GET with a body), per kind. */
    private static final int BODY_CASES_WITHOUT_BODY = 2;
    private static final String PLACEHOLDER = "citadel~fuzz~value";
    private static final String UUID = "00000000-0000-0000-0000-000000000001";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final List<String> WRONG_TYPES = List.of("\"text\"", "\"\"", "1", "-1", "0", "1.5", "true",
            "false", "null", "{}", "[]", "[1]", "[\"a\"]", "{\"a\":1}", "[[]]", "[null]", "\"1\"", "\"true\"",
            "\"" + UUID + "\"", "\"2024-13-45T99:99:99Z\"", "[{}]", "{\"\":null}");
    private static final List<String> HUGE_NUMBERS = List.of("1e400", "-1e400", "1e-400", "1180591620717411303424",
            "-1180591620717411303424", "9223372036854775808", "-9223372036854775809", "18446744073709551616",
            "4294967296", "2147483648", "-2147483649", "1" + "0".repeat(5000), "0." + "1".repeat(5000),
            "1E999999999", "-0", "1.7976931348623157e309", "123456789012345678901234567890.5", "1e+2147483648",
            "-" + "9".repeat(1000), "1".repeat(20000), "4.9e-325", "0e0", "-0.0e-0");
    private static final List<String> BROKEN_SNIPPETS = List.of("{", "}", "[", "]", "{\"a\":}", "{,}", "{\"a\" 1}",
            "{'a':1}", "{\"a\":1,}", "[1,]", "{\"a\":01}", "{\"a\":.5}", "{\"a\":+1}", "{\"a\":NaN}",
            "{\"a\":Infinity}", "{\"a\":-Infinity}", "{\"a\":undefined}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12\"}",
            "/* c */ {}", "{} {}", "{}garbage", "\uFEFF{}", "{\"a\":tru}", "nul", "\"", "{\"a\":\"b", "{a:1}",
            "{\"a\"::1}", "{\"a\":1}}", "{{}}", "[}", "{]", "{\"a\":[1,2}", "\\", "{\"a\":\"\\\"}", "0x10",
            "{\"a\":0x1F}", "{\"a\":1e}", "{\"a\":-}", "{\"a\":1.}", "{\"a\":\"\t\"}", "{\"a\"\n:\n}", "// c\n{}",
            "#{}");
    private static final List<byte[]> INVALID_UTF8 = List.of(bytes(0xC3, 0x28), bytes(0xA0, 0xA1),
            bytes(0xE2, 0x28, 0xA1), bytes(0xE2, 0x82, 0x28), bytes(0xF0, 0x28, 0x8C, 0xBC),
            bytes(0xF0, 0x90, 0x28, 0xBC), bytes(0xF8, 0xA1, 0xA1, 0xA1, 0xA1),
            bytes(0xFC, 0xA1, 0xA1, 0xA1, 0xA1, 0xA1), bytes(0xFF), bytes(0xFE), bytes(0xC0, 0xAF),
            bytes(0xE0, 0x80, 0xAF), bytes(0xED, 0xA0, 0x80), bytes(0xED, 0xBF, 0xBF), bytes(0x80),
            bytes(0xE2, 0x82), bytes(0xF4, 0x90, 0x80, 0x80), bytes(0xE9));
    private static final List<String> NUL_STRINGS = List.of("\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"",
            "\"\\udc00\"", "\"\\ud800\\ud800\"", "\"a\\udbff\"", "\"" + "\\u0000".repeat(10000) + "\"",
            "\"\\u001f\\u007f\\u0085\\u2028\\u2029\\ufeff\\uffff\"", "\"\\u0000\\r\\n\\t\\b\\f\"");
    private static final List<String> CONTENT_TYPES = List.of("", "application/json; charset=utf-16",
            "application/json; charset=nope", "application/json;;", "application/json; charset=", "text/plain",
            "application/xml", "application/x-www-form-urlencoded", "multipart/form-data",
            "multipart/form-data; boundary=x", "*/*", "application/*", "json", "application/json/extra",
            "application/json; a", "application/json, text/plain", "application/json\t", "APPLICATION/JSON",
            "application/merge-patch+json", "application/x-ndjson", "text/event-stream", ";", "/", "a/b/c",
            "application/json; charset=\"utf-8", "application/json; charset=utf-8; charset=latin1",
            "application/json; " + "p=v; ".repeat(2000), "application/json; charset=UTF-32BE",
            "application/octet-stream", "application/json; boundary=");
    private static final List<String> ACCEPTS = List.of("Accept: application/x-nope", "Accept: text/html",
            "Accept: */*;q=abc", "Accept: ;;;", "Accept: application/json;q=0", "Accept: text/event-stream",
            "Accept: ", "Accept: ,,,", "Accept: application/json;q=2", "Accept: */json", "Accept: application",
            "Accept: image/png", "Accept: application/openmetrics-text; version=99",
            "Accept: text/plain; version=0.0.4", "Accept: application/json; charset=utf-1000",
            "Accept: " + "a/b, ".repeat(1500) + "*/*", "Accept: application/json;q=0, */*;q=0",
            "Accept: */*;q=-1", "Accept: text/*;q=1e400", "Accept-Encoding: gzip;q=abc, br, zstd, *;q=0",
            "Accept-Encoding: identity;q=0, *;q=0", "Accept-Encoding: x-nope", "Accept-Charset: utf-999",
            "Accept-Language: %%%;q=9", "Accept: application/json\r\nAccept: text/html", "Accept: \u00ff\u00fe");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD");

    private final PublishedApi api;
    private final Function<PublishedApi.Operation, String> authorization;
    private final Map<String, JsonNode> samples;
    private final long maxBodyBytes;
    private final long seed;
    private final List<Slot> slots = new ArrayList<>();
    private final Map<PublishedApi.Operation, JsonNode> examples = new HashMap<>();

    private record Slot(PublishedApi.Operation operation, Kind kind, int variant) {
    }

    /**
     * @param authorization the {@code Authorization} value that lets an operation through, or {@code null}
     * @param samples       valid values for request fields of the given names ({@code model}), so that requests
     *                      get past the checks that would otherwise stop them first
     * @param maxBodyBytes  the service's body limit, to go beyond it
     * @param minimum       at least this many requests: the schedule is repeated (without the slow oversized
     *                      bodies) until it is reached
     */
    public HostileRequests(PublishedApi api, List<PublishedApi.Operation> operations,
                           Function<PublishedApi.Operation, String> authorization, Map<String, JsonNode> samples,
                           long maxBodyBytes, long seed, int minimum) {
        this.api = api;
        this.authorization = authorization;
        this.samples = samples;
        this.maxBodyBytes = maxBodyBytes;
        this.seed = seed;
        for (int round = 0; round == 0 || slots.size() < minimum; round++) {
            for (PublishedApi.Operation operation : operations) {
                for (Kind kind : Kind.values()) {
                    for (int variant = 0; variant < count(operation, kind); variant++) {
                        boolean slow = kind == Kind.OVERSIZED && (variant == 0 || variant == 2);
                        if (round == 0 || !slow) {
                            slots.add(new Slot(operation, kind, variant));
                        }
                    }
                }
            }
        }
    }

    public int size() {
        return slots.size();
    }

    /** Request {@code index} of this run. */
    public HostileRequest get(int index) {
        Slot slot = slots.get(index);
        Random random = new Random(mix(seed, index));
        Draft draft = baseline(slot.operation());
        String note = switch (slot.kind()) {
            case BROKEN_JSON -> brokenJson(draft, random);
            case NOT_AN_OBJECT -> notAnObject(draft, random);
            case WRONG_TYPE -> valueAt(draft, random, "wrong type", pick(random, WRONG_TYPES));
            case HUGE_NUMBER -> valueAt(draft, random, "huge number", pick(random, HUGE_NUMBERS));
            case DEEP_NESTING -> deepNesting(draft, random);
            case INVALID_UTF8 -> invalidUtf8(draft, random);
            case NUL -> nul(draft, random);
            case OVERSIZED -> oversized(draft, random, slot.variant());
            case DUPLICATE_KEY -> duplicateKey(draft, random);
            case UNKNOWN_FIELD -> unknownField(draft, random);
            case ODD_METHOD -> oddMethod(draft, random);
            case ODD_PATH -> oddPath(draft, random);
            case ODD_PATH_PARAMETER -> oddPathParameter(draft, random, slot.operation());
            case ODD_QUERY -> oddQuery(draft, random, slot.operation());
            case CONTENT_TYPE -> contentType(draft, random);
            case CONTENT_LENGTH -> contentLength(draft, random);
            case CHUNKED -> chunked(draft, random);
            case ACCEPT -> accept(draft, random);
            case HUGE_HEADER -> hugeHeader(draft, random);
            case ODD_HEADER -> oddHeader(draft, random);
            case HTTP_VERSION -> httpVersion(draft, random);
        };
        return new HostileRequest(index, slot.kind(), slot.operation().toString(), note, draft.bytes(),
                draft.method.equalsIgnoreCase("HEAD"));
    }

    private static int count(PublishedApi.Operation operation, Kind kind) {
        if (kind == Kind.ODD_PATH_PARAMETER && !operation.path().contains("{")) {
            return 0;
        }
        return kind.aboutTheBody && !hasBody(operation) ? Math.min(kind.perOperation, BODY_CASES_WITHOUT_BODY)
                : kind.perOperation;
    }

    private static boolean hasBody(PublishedApi.Operation operation) {
        return operation.definition().has("requestBody");
    }

    // --- the well-formed request each one starts from ---

    private Draft baseline(PublishedApi.Operation operation) {
        Draft draft = new Draft();
        draft.method = operation.method();
        String path = operation.path();
        StringBuilder query = new StringBuilder();
        for (JsonNode parameter : operation.definition().path("parameters")) {
            String name = parameter.path("name").asText();
            String value = parameterValue(name, api.resolve(parameter.path("schema")));
            if ("path".equals(parameter.path("in").asText())) {
                path = path.replace("{" + name + "}", value);
            } else if ("query".equals(parameter.path("in").asText()) && parameter.path("required").asBoolean()) {
                query.append(query.isEmpty() ? "?" : "&").append(name).append('=').append(value);
            }
        }
        draft.path = path.replaceAll("\\{[^}]+}", UUID);
        draft.query = query.toString();
        draft.headers.add("Host: localhost");
        String credential = authorization.apply(operation);
        if (credential != null) {
            draft.headers.add("Authorization: " + credential);
        }
        draft.example = examples.computeIfAbsent(operation, this::example);
        if (hasBody(operation)) {
            draft.headers.add("Content-Type: application/json");
            draft.body = json(draft.example);
        }
        return draft;
    }

    private String parameterValue(String name, JsonNode schema) {
        if (samples.containsKey(name)) {
            return samples.get(name).asText();
        }
        JsonNode example = exampleOf(schema, 0);
        return example.isTextual() ? example.asText() : example.toString();
    }

    /** A valid-looking body for the operation, from the schema of its JSON request body. */
    private JsonNode example(PublishedApi.Operation operation) {
        JsonNode content = operation.definition().path("requestBody").path("content");
        JsonNode schema = content.has("application/json") ? content.path("application/json").path("schema")
                : content.elements().hasNext() ? content.elements().next().path("schema") : null;
        JsonNode example = schema == null ? null : exampleOf(api.resolve(schema), 0);
        if (example instanceof ObjectNode object && !object.isEmpty()) {
            return example;
        }
        ObjectNode fallback = JsonNodeFactory.instance.objectNode();
        fallback.put("text", "text");
        return fallback;
    }

    private JsonNode exampleOf(JsonNode schema, int depth) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        JsonNode resolved = api.resolve(schema);
        if (depth > 6) {
            return nodes.nullNode();
        }
        if (resolved.has("example")) {
            return resolved.get("example");
        }
        if (resolved.has("enum") && !resolved.get("enum").isEmpty()) {
            return resolved.get("enum").get(0);
        }
        for (String choice : List.of("oneOf", "anyOf", "allOf")) {
            if (resolved.has(choice) && !resolved.get(choice).isEmpty()) {
                return exampleOf(resolved.get(choice).get(0), depth + 1);
            }
        }
        String type = typeOf(resolved);
        switch (type) {
            case "object" -> {
                ObjectNode object = nodes.objectNode();
                for (Iterator<Map.Entry<String, JsonNode>> it = resolved.path("properties").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> property = it.next();
                    object.set(property.getKey(), samples.containsKey(property.getKey())
                            ? samples.get(property.getKey()) : exampleOf(property.getValue(), depth + 1));
                }
                return object;
            }
            case "array" -> {
                ArrayNode array = nodes.arrayNode();
                array.add(exampleOf(resolved.path("items"), depth + 1));
                return array;
            }
            case "integer" -> {
                return nodes.numberNode(Math.max(1, resolved.path("minimum").asInt(1)));
            }
            case "number" -> {
                return nodes.numberNode(0.5);
            }
            case "boolean" -> {
                return nodes.booleanNode(true);
            }
            default -> {
                String format = resolved.path("format").asText();
                return nodes.textNode(format.equals("uuid") ? UUID : format.equals("date-time")
                        ? "2024-01-01T00:00:00Z" : "text");
            }
        }
    }

    private static String typeOf(JsonNode schema) {
        JsonNode type = schema.path("type");
        if (type.isArray()) {
            for (JsonNode one : type) {
                if (!"null".equals(one.asText())) {
                    return one.asText();
                }
            }
        }
        if (type.isTextual()) {
            return type.asText();
        }
        return schema.has("properties") ? "object" : schema.has("items") ? "array" : "string";
    }

    // --- bodies ---

    private String brokenJson(Draft draft, Random random) {
        byte[] valid = json(draft.example);
        switch (random.nextInt(4)) {
            case 0 -> {
                int cut = 1 + random.nextInt(Math.max(1, valid.length - 1));
                draft.body = Arrays.copyOf(valid, cut);
                return "valid body cut after " + cut + " bytes";
            }
            case 1 -> {
                byte[] body = valid.clone();
                int at = random.nextInt(body.length);
                byte[] structural = ascii("{}[]\",:\\ 0");
                byte with = structural[random.nextInt(structural.length)];
                body[at] = with;
                draft.body = body;
                return "byte " + at + " replaced by '" + (char) with + "'";
            }
            case 2 -> {
                byte[] garbage = new byte[1 + random.nextInt(200)];
                random.nextBytes(garbage);
                draft.body = garbage;
                return garbage.length + " random bytes";
            }
            default -> {
                String snippet = pick(random, BROKEN_SNIPPETS);
                draft.body = snippet.getBytes(StandardCharsets.UTF_8);
                return "broken JSON";
            }
        }
    }

    private String notAnObject(Draft draft, Random random) {
        String valid = new String(json(draft.example), StandardCharsets.UTF_8);
        String body = pick(random, List.of("", " ", "\r\n", "null", "true", "0", "-1", "1e400", "\"text\"", "[]",
                "[{}]", "[null]", "{}", "[" + valid + "]", valid + valid, valid + "\n" + valid, "[" + valid + ","
                        + valid + "]"));
        draft.body = body.getBytes(StandardCharsets.UTF_8);
        return "a JSON document that is not the expected object";
    }

    /** Puts {@code raw} (any bytes, valid JSON or not) in place of one value of the example body. */
    private String valueAt(Draft draft, Random random, String what, String raw) {
        return valueAt(draft, random, what, raw.getBytes(StandardCharsets.UTF_8));
    }

    private String valueAt(Draft draft, Random random, String what, byte[] raw) {
        List<String> pointers = new ArrayList<>();
        pointers(draft.example, "", pointers);
        String pointer = pick(random, pointers);
        draft.body = replaced(withPlaceholderAt(draft.example, pointer), raw);
        return what + " at " + (pointer.isEmpty() ? "the root" : pointer);
    }

    private String deepNesting(Draft draft, Random random) {
        int depth = pick(random, List.of(1_000, 10_000, 100_000));
        String open = pick(random, List.of("[", "{\"a\":", "[{\"a\":"));
        String close = switch (open) {
            case "[" -> "]";
            case "{\"a\":" -> "}";
            default -> "}]";
        };
        boolean unclosed = random.nextInt(4) == 0;
        String nested = open.repeat(depth) + "1" + (unclosed ? "" : close.repeat(depth));
        if (random.nextBoolean()) {
            draft.body = nested.getBytes(StandardCharsets.US_ASCII);
            return depth + " levels of " + open + (unclosed ? ", unclosed" : "") + " as the body";
        }
        return valueAt(draft, random, depth + " levels of " + open + (unclosed ? ", unclosed" : ""), nested);
    }

    private String invalidUtf8(Draft draft, Random random) {
        byte[] bad = pick(random, INVALID_UTF8);
        String hex = HostileRequest.shown(bad);
        return switch (random.nextInt(5)) {
            case 0 -> valueAt(draft, random, "invalid UTF-8 " + hex + " at the end of a string",
                    concat(bytes('"', 'a'), bad, bytes('"')));
            case 1 -> {
                draft.body = replaced(withPlaceholderKey(draft.example), concat(bytes('"'), bad, bytes('"')));
                yield "invalid UTF-8 " + hex + " in a field name";
            }
            case 2 -> {
                byte[] valid = json(draft.example);
                draft.body = concat(Arrays.copyOf(valid, valid.length - 1), bytes(','), bad, bytes('}'));
                yield "invalid UTF-8 " + hex + " outside any string";
            }
            case 3 -> {
                draft.set("Content-Type", "application/json; charset=utf-8");
                draft.body = new String(json(draft.example), StandardCharsets.UTF_8)
                        .getBytes(StandardCharsets.UTF_16);
                yield "a UTF-16 body declared UTF-8";
            }
            default -> valueAt(draft, random, "invalid UTF-8 " + hex + " inside a string",
                    concat(bytes('"', 'a'), bad, bytes('b', '"')));
        };
    }

    private String nul(Draft draft, Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> valueAt(draft, random, "a raw NUL byte inside a string", bytes('"', 'a', 0, 'b', '"'));
            case 1 -> {
                byte[] valid = json(draft.example);
                draft.body = concat(Arrays.copyOf(valid, valid.length - 1), bytes(0, '}'));
                yield "a raw NUL byte outside any string";
            }
            case 2 -> {
                draft.body = new byte[1000];
                yield "1000 NUL bytes as the body";
            }
            case 3 -> {
                draft.body = replaced(withPlaceholderKey(draft.example), ascii("\"\\u0000\""));
                yield "a NUL field name";
            }
            default -> valueAt(draft, random, "NULs, lone surrogates or control characters",
                    pick(random, NUL_STRINGS));
        };
    }

    private String oversized(Draft draft, Random random, int variant) {
        switch (variant) {
            case 0 -> {
                draft.contentLength = String.valueOf(maxBodyBytes + 1);
                draft.body = Arrays.copyOf(json(draft.example), 1024);
                return "Content-Length over the limit, only the first KiB sent";
            }
            case 1 -> {
                return valueAt(draft, random, "a string of 1 MiB", "\"" + "x".repeat(1 << 20) + "\"");
            }
            case 2 -> {
                draft.headers.add("Transfer-Encoding: chunked");
                ByteArrayOutputStream framed = new ByteArrayOutputStream();
                byte[] chunk = new byte[256 * 1024];
                Arrays.fill(chunk, (byte) ' ');
                framed.writeBytes(chunk("{\"a\":\"".getBytes(StandardCharsets.US_ASCII)));
                for (long sent = 0; sent <= maxBodyBytes; sent += chunk.length) {
                    framed.writeBytes(chunk(chunk));
                }
                framed.writeBytes(chunk("\"}".getBytes(StandardCharsets.US_ASCII)));
                framed.writeBytes(bytes('0', '\r', '\n', '\r', '\n'));
                draft.framedBody = framed.toByteArray();
                return "a chunked body over the limit, no Content-Length";
            }
            case 3 -> {
                return valueAt(draft, random, "an array of 200000 numbers",
                        "[" + "1,".repeat(199_999) + "1]");
            }
            case 4 -> {
                StringBuilder object = new StringBuilder("{");
                for (int i = 0; i < 50_000; i++) {
                    object.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
                }
                draft.body = object.append('}').toString().getBytes(StandardCharsets.US_ASCII);
                return "an object of 50000 fields";
            }
            default -> {
                draft.body = replaced(withPlaceholderKey(draft.example),
                        ("\"" + "k".repeat(64 * 1024) + "\"").getBytes(StandardCharsets.US_ASCII));
                return "a field name of 64 KiB";
            }
        }
    }

    private String duplicateKey(Draft draft, Random random) {
        Iterator<String> names = draft.example.fieldNames();
        String name = names.hasNext() ? names.next() : "a";
        String valid = new String(json(draft.example), StandardCharsets.UTF_8);
        String wrong = pick(random, WRONG_TYPES);
        String body = switch (random.nextInt(3)) {
            case 0 -> "{\"" + name + "\":" + wrong + "," + valid.substring(1);
            case 1 -> valid.substring(0, valid.length() - 1) + ",\"" + name + "\":" + wrong + "}";
            default -> "{" + ("\"" + name + "\":" + wrong + ",").repeat(1000) + valid.substring(1);
        };
        draft.body = body.getBytes(StandardCharsets.UTF_8);
        return "field '" + name + "' twice or more";
    }

    private String unknownField(Draft draft, Random random) {
        String field = pick(random, List.of("\"__proto__\":{\"admin\":true}", "\"constructor\":{\"prototype\":{}}",
                "\"@class\":\"java.lang.Runtime\"", "\"@type\":\"java.net.URL\"", "\"$ref\":\"#/\"",
                "\"" + "u".repeat(10_000) + "\":1", "\"\":\"\"", "\"unknown\":" + "[".repeat(50) + "]".repeat(50)));
        String valid = new String(json(draft.example), StandardCharsets.UTF_8);
        draft.body = (valid.substring(0, valid.length() - 1) + (valid.length() > 2 ? "," : "") + field + "}")
                .getBytes(StandardCharsets.UTF_8);
        return "an unknown field";
    }

    // --- request line ---

    private String oddMethod(Draft draft, Random random) {
        String original = draft.method;
        List<String> methods = new ArrayList<>(List.of("PROPFIND", "TRACE", original.toLowerCase(Locale.ROOT),
                original.charAt(0) + original.substring(1).toLowerCase(Locale.ROOT), "MKCOL", "FOO", "CONNECT",
                "X".repeat(100), "P\u00d6ST", "GE\tT", "*", "PO ST"));
        METHODS.stream().filter(m -> !m.equals(original)).forEach(methods::add);
        draft.method = pick(random, methods);
        if (draft.method.equals("PROPFIND")) {
            draft.set("Content-Type", "application/xml");
            draft.headers.add("Depth: 1");
            draft.body = "<?xml version=\"1.0\"?><propfind xmlns=\"DAV:\"><allprop/></propfind>"
                    .getBytes(StandardCharsets.US_ASCII);
        }
        return "method " + draft.method;
    }

    private String oddPath(Draft draft, Random random) {
        String p = draft.path;
        String a5000 = "a".repeat(5000);
        List<String> paths = List.of(p + "%ZZ", p + "/%ZZ", "/%ZZ" + p, p + "%", p + "%2", p + "%00", p + "/%00",
                p + "%00.json", p + "%C0%AF", p + "%ED%A0%80", p + "%FF", p + "\u00ff", p + utf8AsLatin1("\u00e9"),
                p + "\u00c3\u0028", p + "/..", "/.." + p, p + "/../..", "/%2e%2e" + p, p + "/%2e%2e/%2e%2e",
                p.replace("/", "/./"), p + "/.", "/" + "../".repeat(10) + "etc/passwd", p + "\\..\\",
                p.replace("/", "\\"), p + "/" + "a".repeat(2000), p + "/" + a5000, p + "a".repeat(70_000),
                "/a".repeat(3000) + p, "*", "http://localhost" + p, "HTTP://LOCALHOST:1" + p, p.substring(1), "",
                p + "#frag", p + " ", p + "\t", p + "%20", p + "%0d%0aX-Injected:%20yes", p + ";a=%ZZ",
                p + ";" + a5000, p + "%2F%2F", p + "/" + "%".repeat(100), p + "/%u0041", p + "//////////",
                p.toUpperCase(Locale.ROOT) + "%ZZ", "/" + "%2e".repeat(3000));
        draft.path = pick(random, paths);
        return "path " + HostileRequest.shown(draft.path.getBytes(StandardCharsets.ISO_8859_1));
    }

    private String oddPathParameter(Draft draft, Random random, PublishedApi.Operation operation) {
        String value = pick(random, List.of("not-a-uuid", "", "%00", "..", "%2e%2e", "%2F", "a".repeat(5000),
                "00000000-0000-0000-0000-00000000000g", "{" + UUID + "}", "-1", "1e400", "%ZZ", "%C3%A9t%C3%A9",
                "%FF", "null", "00000000000000000000000000000001", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "0",
                "99999999999999999999999", "%20", "+", "a;b", "a%3Bb", "\u00ff", "%ED%A0%80", UUID + "%00"));
        draft.path = operation.path(value);
        return "path parameter '" + HostileRequest.shown(value.getBytes(StandardCharsets.ISO_8859_1)) + "'";
    }

    private String oddQuery(Draft draft, Random random, PublishedApi.Operation operation) {
        List<String> declared = new ArrayList<>();
        for (JsonNode parameter : operation.definition().path("parameters")) {
            if ("query".equals(parameter.path("in").asText())) {
                declared.add(parameter.path("name").asText());
            }
        }
        if (!declared.isEmpty() && random.nextBoolean()) {
            String name = pick(random, declared);
            String value = pick(random, List.of("%ZZ", "", "-1", "1e400", "99999999999999999999", "true", "null",
                    "%00", "x".repeat(3000), "1.5", "[]", "%FF", "NaN"));
            draft.query = random.nextBoolean() ? "?" + name + "=" + value
                    : "?" + name + "=1&" + name + "=" + value;
        } else {
            draft.query = pick(random, List.of("?a=%ZZ", "?%ZZ", "?%00=%00", "?=", "?&&&", "?a&a&a", "?a=1&a=2",
                    "?" + "a=1&".repeat(1000), "?\u00ff", "?a=" + "x".repeat(3000), "?format=%ZZ", "?a[b]=c",
                    "?a=%u0041", "??", "?#", "?a=%", "?format=xml", "?format=" + "j".repeat(1000)));
        }
        return "query " + HostileRequest.shown(draft.query.getBytes(StandardCharsets.ISO_8859_1));
    }

    // --- headers and framing ---

    private String contentType(Draft draft, Random random) {
        if (draft.body == null) {
            draft.body = json(draft.example);
        }
        switch (random.nextInt(8)) {
            case 0 -> {
                draft.remove("Content-Type");
                return "no Content-Type";
            }
            case 1 -> {
                draft.set("Content-Type", "application/json");
                draft.headers.add("Content-Type: text/plain");
                return "Content-Type twice";
            }
            default -> {
                String type = pick(random, CONTENT_TYPES);
                draft.set("Content-Type", type);
                return "Content-Type '" + (type.length() > 60 ? type.substring(0, 60) + "..." : type) + "'";
            }
        }
    }

    private String contentLength(Draft draft, Random random) {
        if (draft.body == null) {
            draft.body = json(draft.example);
        }
        int length = draft.body.length;
        draft.contentLength = pick(random, List.of(length + "\r\nContent-Length: " + length,
                length + "\r\nContent-Length: " + (length + 5), "abc", "-1", "+" + length, " " + length + " ",
                length + ", " + length, "000" + length, "99999999999999999999", "0x" + Integer.toHexString(length),
                length + ".0", length + "\r\nContent-Length: abc", length + "\r\ncontent-length: " + length,
                "", length + "\r\nTransfer-Encoding: identity", "1e3"));
        return "Content-Length '" + HostileRequest.shown(draft.contentLength.getBytes(StandardCharsets.ISO_8859_1))
                + "'";
    }

    private String chunked(Draft draft, Random random) {
        byte[] body = draft.body == null ? json(draft.example) : draft.body;
        if (!draft.has("Content-Type")) {
            draft.headers.add("Content-Type: application/json");
        }
        String encoding = "chunked";
        ByteArrayOutputStream framed = new ByteArrayOutputStream();
        String note;
        switch (random.nextInt(12)) {
            case 0 -> {
                for (int at = 0; at < body.length; ) {
                    int size = Math.min(body.length - at, 1 + random.nextInt(16));
                    framed.writeBytes(chunk(Arrays.copyOfRange(body, at, at + size)));
                    at += size;
                }
                note = "valid chunks of 1 to 16 bytes";
            }
            case 1 -> {
                framed.writeBytes(ascii(Integer.toHexString(body.length) + ";name=value;;=\r\n"));
                framed.writeBytes(body);
                framed.writeBytes(ascii("\r\n"));
                note = "chunk extensions";
            }
            case 2 -> {
                framed.writeBytes(ascii(pick(random, List.of("zz", "-1", "ffffffffffffffffffff", "0x5", " ", "5 5",
                        "0".repeat(10_000) + "5")) + "\r\nhello\r\n"));
                note = "a bad chunk size";
            }
            case 3 -> {
                framed.writeBytes(ascii("3\r\nabcXX\r\n"));
                note = "chunk data without its CRLF";
            }
            case 4 -> {
                framed.writeBytes(ascii(Integer.toHexString(body.length) + "\n"));
                framed.writeBytes(body);
                framed.writeBytes(ascii("\n0\n\n"));
                draft.framedBody = framed.toByteArray();
                draft.headers.add("Transfer-Encoding: chunked");
                return "chunks with bare LF";
            }
            case 5 -> {
                framed.writeBytes(chunk(body));
                draft.contentLength = String.valueOf(framed.size() + 5);
                note = "chunked, with a Content-Length that covers the whole chunked body";
            }
            case 6 -> {
                framed.writeBytes(chunk(body));
                draft.headers.add("Transfer-Encoding: chunked");
                note = "Transfer-Encoding twice";
            }
            case 7 -> {
                framed.writeBytes(chunk(body));
                encoding = pick(random, List.of("gzip, chunked", "chunked, gzip", "Chunked", "CHUNKED",
                        "identity, chunked", "chunked;q=1"));
                note = "Transfer-Encoding " + encoding;
            }
            case 8 -> {
                framed.writeBytes(chunk(body));
                framed.writeBytes(ascii("0\r\nbad trailer line\r\nContent-Length: 5\r\n\r\n"));
                draft.framedBody = framed.toByteArray();
                draft.headers.add("Transfer-Encoding: chunked");
                return "bad trailers";
            }
            case 9 -> {
                framed.writeBytes(ascii("2\r\n"));
                framed.writeBytes(body);
                framed.writeBytes(ascii("\r\n"));
                note = "a chunk longer than its size";
            }
            case 10 -> {
                for (byte b : body) {
                    framed.writeBytes(chunk(new byte[]{b}));
                }
                framed.writeBytes(chunk(concat(bytes(' '), INVALID_UTF8.get(random.nextInt(INVALID_UTF8.size())))));
                note = "one-byte chunks, then invalid UTF-8";
            }
            default -> {
                framed.writeBytes(chunk(body));
                draft.headers.add("Transfer-Encoding:\tchunked ");
                framed.writeBytes(ascii("0\r\n\r\n"));
                draft.framedBody = framed.toByteArray();
                return "Transfer-Encoding with odd whitespace";
            }
        }
        framed.writeBytes(ascii("0\r\n\r\n"));
        draft.framedBody = framed.toByteArray();
        draft.headers.add("Transfer-Encoding: " + encoding);
        return note;
    }

    private String accept(Draft draft, Random random) {
        String line = pick(random, ACCEPTS);
        draft.headers.add(line);
        return HostileRequest.shown(line.getBytes(StandardCharsets.ISO_8859_1));
    }

    private String hugeHeader(Draft draft, Random random) {
        int size = pick(random, List.of(4 * 1024, 16 * 1024, 19 * 1024, 24 * 1024, 64 * 1024, 1 << 20));
        switch (random.nextInt(6)) {
            case 0 -> {
                int count = pick(random, List.of(500, 5000));
                for (int i = 0; i < count; i++) {
                    draft.headers.add("X-Many-" + i + ": " + i);
                }
                return count + " headers";
            }
            case 1 -> {
                draft.headers.add("X-Request-Id: " + "r".repeat(size));
                return "X-Request-Id of " + size + " bytes";
            }
            case 2 -> {
                draft.headers.add("Cookie: " + "c=1; ".repeat(size / 5));
                return "Cookie of " + size + " bytes";
            }
            case 3 -> {
                draft.headers.add("X-" + "n".repeat(size) + ": 1");
                return "header name of " + size + " bytes";
            }
            default -> {
                draft.headers.add("X-Fill: " + "f".repeat(size));
                return "header value of " + size + " bytes";
            }
        }
    }

    private String oddHeader(Draft draft, Random random) {
        byte[] body = draft.body == null ? json(draft.example) : draft.body;
        switch (random.nextInt(6)) {
            case 0 -> {
                draft.set("Content-Encoding", pick(random, List.of("gzip", "deflate", "br", "x-nope", "gzip, gzip")));
                draft.body = body;
                return "Content-Encoding " + draft.header("Content-Encoding") + " on a plain body";
            }
            case 1 -> {
                draft.set("Content-Encoding", "gzip");
                draft.body = gzip(body);
                return "a gzip body";
            }
            case 2 -> {
                draft.remove("Host");
                String host = pick(random, List.of("", "Host: ", "Host: a b", "Host: localhost\r\nHost: example.com",
                        "Host: " + "h".repeat(1000), "Host: [::1", "Host: localhost:99999", "Host: \u00ff"));
                if (!host.isEmpty()) {
                    draft.headers.add(0, host);
                }
                return host.isEmpty() ? "no Host" : "odd Host";
            }
            default -> {
                String line = pick(random, List.of("Nocolon", "Bad Name: x", "X-Nul: a\u0000b", "X-\u0000: a",
                        "X-High: \u00ff\u00fe", "X-Cr: a\rb", "X-Folded: a\r\n  continued", ": empty name",
                        "Expect: 100-continue", "Expect: nope", "Range: bytes=abc", "If-None-Match: \"",
                        "X-Request-Id: \u0007bell", "X-Request-Id: " + utf8AsLatin1("\u00e9t\u00e9"), "Origin: null",
                        "X-Forwarded-For: garbage, , ::::", "Forwarded: for=\"[", "X-HTTP-Method-Override: DELETE",
                        "Connection: keep-alive, Upgrade", "TE: trailers", "Upgrade: nope", "X-Empty:",
                        "Content-Type: application/json\r\nContent-Type: application/json", "\tLeading: whitespace",
                        "Authorization-Extra: Bearer x", "Cookie: \u0000", "X-Space : before colon"));
                draft.headers.add(line);
                return HostileRequest.shown(line.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
    }

    private String httpVersion(Draft draft, Random random) {
        String version = pick(random, List.of("HTTP/1.0", "HTTP/1.2", "HTTP/2.0", "HTTP/0.9", "http/1.1", "HTTP/11",
                "HTTPS/1.1", "", "HTTP/1.1 extra", "HTTP/9.9", "HTTP/1.1\u0000", "LF", "BLANK", "TABS"));
        switch (version) {
            case "HTTP/1.0" -> draft.headers.add("Connection: keep-alive");
            case "LF" -> {
                draft.lineEnd = "\n";
                return "bare LF line endings";
            }
            case "BLANK" -> {
                draft.prefix = "\r\n\r\n";
                return "empty lines before the request line";
            }
            case "TABS" -> {
                draft.separator = "\t";
                return "tabs in the request line";
            }
            default -> {
            }
        }
        draft.version = version;
        return "version '" + HostileRequest.shown(version.getBytes(StandardCharsets.ISO_8859_1)) + "'";
    }

    // --- helpers ---

    /** A request being made: request line, header lines (ISO-8859-1, one char a byte) and body. */
    private static final class Draft {
        String method;
        String path;
        String query = "";
        String version = "HTTP/1.1";
        String separator = " ";
        String lineEnd = "\r\n";
        String prefix = "";
        final List<String> headers = new ArrayList<>();
        JsonNode example;
        byte[] body;
        /** A body already framed (chunked); sent as is, without a Content-Length of its own. */
        byte[] framedBody;
        /** The Content-Length header's value where it is not the body's length. */
        String contentLength;

        boolean has(String name) {
            return header(name) != null;
        }

        String header(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            return headers.stream().filter(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix))
                    .map(h -> h.substring(prefix.length()).trim()).findFirst().orElse(null);
        }

        void set(String name, String value) {
            remove(name);
            headers.add(name + ": " + value);
        }

        void remove(String name) {
            String prefix = name.toLowerCase(Locale.ROOT) + ":";
            headers.removeIf(h -> h.toLowerCase(Locale.ROOT).startsWith(prefix));
        }

        byte[] bytes() {
            StringBuilder head = new StringBuilder(prefix).append(method).append(separator).append(path)
                    .append(query).append(version.isEmpty() ? "" : separator + version).append(lineEnd);
            for (String line : headers) {
                head.append(line).append(lineEnd);
            }
            byte[] payload = framedBody != null ? framedBody : body != null ? body : new byte[0];
            if (contentLength != null) {
                head.append("Content-Length: ").append(contentLength).append(lineEnd);
            } else if (framedBody == null && (body != null || List.of("POST", "PUT", "PATCH").contains(method))) {
                head.append("Content-Length: ").append(payload.length).append(lineEnd);
            }
            head.append(lineEnd);
            return concat(head.toString().getBytes(StandardCharsets.ISO_8859_1), payload);
        }
    }

    private static void pointers(JsonNode node, String at, List<String> into) {
        into.add(at);
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> pointers(node.get(name),
                    at + "/" + name.replace("~", "~0").replace("/", "~1"), into));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                pointers(node.get(i), at + "/" + i, into);
            }
        }
    }

    private static JsonNode withPlaceholderAt(JsonNode example, String pointer) {
        if (pointer.isEmpty()) {
            return JsonNodeFactory.instance.textNode(PLACEHOLDER);
        }
        JsonNode copy = example.deepCopy();
        JsonPointer at = JsonPointer.compile(pointer);
        JsonNode parent = copy.at(at.head());
        if (parent instanceof ObjectNode object) {
            object.put(at.last().getMatchingProperty(), PLACEHOLDER);
        } else if (parent instanceof ArrayNode array) {
            array.set(at.last().getMatchingIndex(), JsonNodeFactory.instance.textNode(PLACEHOLDER));
        }
        return copy;
    }

    private static JsonNode withPlaceholderKey(JsonNode example) {
        ObjectNode copy = example.isObject() ? (ObjectNode) example.deepCopy() : JsonNodeFactory.instance.objectNode();
        copy.put(PLACEHOLDER, "x");
        return copy;
    }

    /** The JSON text with the quoted placeholder replaced by raw bytes. */
    private static byte[] replaced(JsonNode withPlaceholder, byte[] raw) {
        byte[] text = json(withPlaceholder);
        byte[] quoted = ("\"" + PLACEHOLDER + "\"").getBytes(StandardCharsets.US_ASCII);
        int at = indexOf(text, quoted);
        return concat(Arrays.copyOf(text, at), raw, Arrays.copyOfRange(text, at + quoted.length, text.length));
    }

    private static int indexOf(byte[] text, byte[] part) {
        outer:
        for (int i = 0; i <= text.length - part.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (text[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("placeholder not found");
    }

    private static byte[] json(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] chunk(byte[] data) {
        return concat(ascii(Integer.toHexString(data.length) + "\r\n"), data, ascii("\r\n"));
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String utf8AsLatin1(String text) {
        return new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static byte[] bytes(int... values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static <T> T pick(Random random, List<T> choices) {
        return choices.get(random.nextInt(choices.size()));
    }

    /** Seeds of neighbouring requests that share no pattern (SplitMix64's finaliser). */
    private static long mix(long seed, int index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
