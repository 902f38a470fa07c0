package studio.ainative.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The environment variables of each service, from the three places that name them: the service's
 * application.properties ({@code ${VAR}} references outside the %dev and %test profiles), its Kubernetes
 * manifests (env, envFrom ConfigMaps, and the keys of the Secrets it reads, from their secret.example.yaml),
 * and the table of deploy/README.md ("Environment variables").
 */
final class Environment {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    private static final Pattern README_ROW = Pattern.compile("^\\| `([A-Z][A-Z0-9_]*)` \\| ([a-z, -]+) \\|");

    private Environment() {
    }

    /** The {@code ${VAR}} references of a service's application.properties, profiles %dev and %test left out. */
    static Set<String> referenced(String service) {
        Set<String> vars = new TreeSet<>();
        for (String line : Repository.read(service + "/src/main/resources/application.properties").lines().toList()) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || trimmed.startsWith("%")) {
                continue;
            }
            Matcher m = REFERENCE.matcher(trimmed);
            while (m.find()) {
                vars.add(m.group(1));
            }
        }
        return vars;
    }

    /** What the manifests give a service's containers (its Deployment and its migration Job). */
    static Set<String> deployed(String service, Manifests manifests) {
        Set<String> vars = new TreeSet<>();
        for (Workload w : Workload.all(manifests)) {
            Map<String, String> labels = w.labels();
            if (labels == null || !service.equals(labels.get("app.kubernetes.io/name"))) {
                continue;
            }
            for (Container c : w.containers()) {
                vars.addAll(Workload.environment(c, manifests).keySet());
                for (EnvFromSource source : c.getEnvFrom()) {
                    if (source.getSecretRef() != null) {
                        vars.addAll(secretKeys(service, source.getSecretRef().getName()));
                    }
                }
            }
        }
        return vars;
    }

    /** The keys of a Secret as its example file shows them (deploy/k8s/base/<service>/secret.example.yaml). */
    static Set<String> secretKeys(String service, String secret) {
        try {
            Set<String> keys = new TreeSet<>();
            ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
            String text = Repository.read("deploy/k8s/base/" + service + "/secret.example.yaml");
            for (JsonNode doc : yaml.readerFor(JsonNode.class).<JsonNode>readValues(text).readAll()) {
                if (secret.equals(doc.path("metadata").path("name").asText())) {
                    doc.path("stringData").fieldNames().forEachRemaining(keys::add);
                }
            }
            if (keys.isEmpty()) {
                throw new AssertionError("deploy/k8s/base/" + service + "/secret.example.yaml shows no Secret " + secret);
            }
            return keys;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** deploy/README.md's table: variable → the services it names. */
    static Map<String, Set<String>> documented() {
        Map<String, Set<String>> table = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : Repository.read("deploy/README.md").lines().toList()) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## Environment variables");
                continue;
            }
            Matcher row = README_ROW.matcher(line);
            if (inSection && row.find()) {
                Set<String> services = new TreeSet<>();
                for (String s : row.group(2).split(",")) {
                    services.add(s.strip());
                }
                if (table.put(row.group(1), services) != null) {
                    throw new AssertionError("deploy/README.md lists " + row.group(1) + " twice");
                }
            }
        }
        return table;
    }

    /** The documented variables of one service. */
    static Set<String> documented(String service) {
        Set<String> vars = new TreeSet<>();
        documented().forEach((var, services) -> {
            if (services.contains(service)) {
                vars.add(var);
            }
        });
        return vars;
    }

    /**
     * The QUARKUS_* variables a Quarkus runtime accepts, from the configuration model each extension ships
     * (META-INF/quarkus-config-doc), as patterns: a named datasource or TLS bucket is any name. Build-time
     * properties are left out: setting one in the environment changes nothing.
     */
    static List<Pattern> quarkusRuntimeVariables() {
        try {
            List<Pattern> patterns = new ArrayList<>();
            ObjectMapper json = new ObjectMapper();
            for (URL url : Collections.list(Environment.class.getClassLoader()
                    .getResources("META-INF/quarkus-config-doc/quarkus-config-model.json"))) {
                try (InputStream in = url.openStream()) {
                    collect(json.readTree(in), patterns);
                }
            }
            return patterns;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode node, List<Pattern> patterns) {
        if (node.isObject()) {
            if (node.has("phase") && node.has("path")) {
                if (node.path("phase").asText().equals("RUN_TIME")) {
                    patterns.add(envPattern(node.path("path").path("environmentVariable").asText()));
                    for (JsonNode additional : node.path("additionalPaths")) {
                        patterns.add(envPattern(additional.path("environmentVariable").asText()));
                    }
                }
                return;
            }
            for (Iterator<JsonNode> values = node.elements(); values.hasNext(); ) {
                collect(values.next(), patterns);
            }
        } else if (node.isArray()) {
            node.forEach(child -> collect(child, patterns));
        }
    }

    /** QUARKUS_DATASOURCE__DATASOURCE_NAME__JDBC_URL matches QUARKUS_DATASOURCE_MIGRATIONS_JDBC_URL. */
    private static Pattern envPattern(String variable) {
        return Pattern.compile(Pattern.quote(variable).replaceAll("__[A-Z0-9_]+?__", "\\\\E_[A-Z0-9_]+_\\\\Q"));
    }
}
