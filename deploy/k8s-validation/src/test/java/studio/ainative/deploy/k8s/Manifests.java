package studio.ainative.deploy.k8s;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.certmanager.api.model.v1.Certificate;
import io.fabric8.certmanager.api.model.v1.Issuer;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rendered manifests, each parsed into fabric8's typed Kubernetes model (or, for a custom resource without
 * one, checked against its CRD's schema). A field the model does not know, or a value of the wrong type, is
 * an error, as it would be for the API server's strict field validation: a misspelt {@code readOnlyRootFilesystem}
 * must not pass as an ignored extra.
 */
final class Manifests {

    /** The kinds the platform's manifests use, by {@code apiVersion/kind}; anything else is refused. */
    private static final Map<String, Class<? extends HasMetadata>> TYPED = Map.ofEntries(
            Map.entry("v1/Namespace", Namespace.class),
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("apps/v1/StatefulSet", StatefulSet.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("gateway.networking.k8s.io/v1/HTTPRoute", HTTPRoute.class),
            Map.entry("gateway.networking.k8s.io/v1/Gateway", Gateway.class),
            Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
            Map.entry("cert-manager.io/v1/Certificate", Certificate.class),
            Map.entry("cert-manager.io/v1/Issuer", Issuer.class));

    /** Custom resources without a fabric8 model, checked against their CRD's schema instead. */
    private static final Map<String, CrdSchema> SCHEMAS = Map.of(
            "postgresql.cnpg.io/v1/Cluster", CrdSchema.load("postgresql.cnpg.io_clusters-1.30.0.yaml"));

    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            // "8081" is not a port, nor "true" a boolean: the API server refuses both.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    private final List<HasMetadata> typed;
    private final List<JsonNode> custom;

    private Manifests(List<HasMetadata> typed, List<JsonNode> custom) {
        this.typed = typed;
        this.custom = custom;
    }

    /** Parses every document of rendered YAML; throws {@link InvalidManifestException} naming each problem. */
    static Manifests parse(String yaml) {
        List<HasMetadata> typed = new ArrayList<>();
        List<JsonNode> custom = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode document : documents(yaml)) {
            String type = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
            String where = type + " " + document.path("metadata").path("name").asText();
            Class<? extends HasMetadata> model = TYPED.get(type);
            CrdSchema schema = SCHEMAS.get(type);
            if (model != null) {
                try {
                    HasMetadata object = YAML.treeToValue(document, model);
                    unknownFields(object, where, problems);
                    typed.add(object);
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    problems.add(where + ": " + e.getMessage().lines().findFirst().orElse(""));
                }
            } else if (schema != null) {
                List<String> found = schema.check(document);
                found.forEach(p -> problems.add(where + ": " + p));
                custom.add(document);
            } else {
                problems.add(where + ": no typed model nor schema for this kind; add one to Manifests");
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidManifestException(problems);
        }
        return new Manifests(List.copyOf(typed), List.copyOf(custom));
    }

    <T extends HasMetadata> List<T> all(Class<T> kind) {
        return typed.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    <T extends HasMetadata> Optional<T> find(Class<T> kind, String name) {
        return all(kind).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst();
    }

    <T extends HasMetadata> T get(Class<T> kind, String name) {
        return find(kind, name).orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
    }

    List<HasMetadata> typed() {
        return typed;
    }

    /** Custom resources of a kind checked against its schema (e.g. {@code Cluster}). */
    List<JsonNode> custom(String kind) {
        return custom.stream().filter(n -> n.path("kind").asText().equals(kind)).toList();
    }

    private static List<JsonNode> documents(String yaml) {
        try {
            List<JsonNode> documents = new ArrayList<>();
            for (JsonNode node : YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml).readAll()) {
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    documents.add(node);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * fabric8's model keeps what it does not know in {@code additionalProperties} instead of failing: any
     * entry there, at any depth, is a field the API would not accept.
     */
    private static void unknownFields(Object value, String path, List<String> problems) {
        if (value == null) {
            return;
        }
        if (value instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                unknownFields(item, path + "[" + i++ + "]", problems);
            }
            return;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> unknownFields(v, path + "." + k, problems));
            return;
        }
        if (!value.getClass().getPackageName().startsWith("io.fabric8.")) {
            return;
        }
        for (Class<?> type = value.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            for (Field field : type.getDeclaredFields()) {
                if (Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                field.setAccessible(true);
                Object fieldValue;
                try {
                    fieldValue = field.get(value);
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
                if (field.getName().equals("additionalProperties")) {
                    if (fieldValue instanceof Map<?, ?> extra && !extra.isEmpty()) {
                        problems.add(path + ": unknown field(s) " + extra.keySet());
                    }
                } else {
                    unknownFields(fieldValue, path + "." + field.getName(), problems);
                }
            }
        }
    }

    /** Every problem found in the rendered manifests, one per line. */
    static final class InvalidManifestException extends RuntimeException {
        final List<String> problems;

        InvalidManifestException(List<String> problems) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
        }
    }
}
