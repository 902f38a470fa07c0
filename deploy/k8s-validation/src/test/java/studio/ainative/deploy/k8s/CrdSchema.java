package studio.ainative.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A custom resource's structural schema (a CRD's {@code openAPIV3Schema}), applied the way the API server's
 * strict field validation does: an object's fields must be among its {@code properties} (unless it keeps
 * unknown fields or is a map), values have the declared type, enums hold, required fields are there.
 */
final class CrdSchema {

    private static final Map<String, Predicate<JsonNode>> SCALARS = Map.of(
            "string", JsonNode::isTextual,
            "integer", JsonNode::isIntegralNumber,
            "number", JsonNode::isNumber,
            "boolean", JsonNode::isBoolean);

    private final JsonNode root;

    private CrdSchema(JsonNode root) {
        this.root = root;
    }

    /** The schema of the first version of the CRD in a test resource. */
    static CrdSchema load(String resource) {
        try (InputStream in = CrdSchema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + resource);
            }
            JsonNode crd = new ObjectMapper(new YAMLFactory()).readTree(in);
            return new CrdSchema(crd.path("spec").path("versions").path(0).path("schema").path("openAPIV3Schema"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<String> check(JsonNode object) {
        List<String> problems = new ArrayList<>();
        check(root, object, "", problems);
        return problems;
    }

    private static void check(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
            if (!value.isIntegralNumber() && !value.isTextual()) {
                problems.add(path + ": expected an integer or a string");
            }
            return;
        }
        String type = schema.path("type").asText("");
        switch (type) {
            case "object" -> checkObject(schema, value, path, problems);
            case "array" -> {
                if (!value.isArray()) {
                    problems.add(path + ": expected an array");
                    return;
                }
                for (int i = 0; i < value.size(); i++) {
                    check(schema.path("items"), value.get(i), path + "[" + i + "]", problems);
                }
            }
            default -> {
                // a scalar; no type at all is anything (x-kubernetes-preserve-unknown-fields)
                Predicate<JsonNode> ofType = SCALARS.get(type);
                if (ofType != null && !ofType.test(value)) {
                    problems.add(path + ": expected " + (type.equals("integer") ? "an " : "a ") + type);
                }
            }
        }
        if (schema.has("enum")) {
            boolean listed = false;
            for (JsonNode allowed : schema.get("enum")) {
                listed |= allowed.equals(value);
            }
            if (!listed) {
                problems.add(path + ": " + value + " is not one of " + schema.get("enum"));
            }
        }
    }

    private static void checkObject(JsonNode schema, JsonNode value, String path, List<String> problems) {
        if (!value.isObject()) {
            problems.add(path + ": expected an object");
            return;
        }
        for (JsonNode required : schema.path("required")) {
            if (!value.has(required.asText())) {
                problems.add(path + ": missing required field " + required.asText());
            }
        }
        JsonNode properties = schema.path("properties");
        JsonNode additional = schema.path("additionalProperties");
        boolean keepsUnknown = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            String at = path + "." + field.getKey();
            if (properties.has(field.getKey())) {
                check(properties.get(field.getKey()), field.getValue(), at, problems);
            } else if (additional.isObject()) {
                check(additional, field.getValue(), at, problems);
            } else if (!keepsUnknown && !isObjectMeta(path, field.getKey())) {
                problems.add(at + ": unknown field");
            }
        }
    }

    /** metadata is the API server's ObjectMeta, which a CRD's schema does not spell out. */
    private static boolean isObjectMeta(String path, String field) {
        return path.equals(".metadata") || (path.isEmpty() && field.equals("metadata"));
    }
}
