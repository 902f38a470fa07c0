package studio.ainative.deploy.k8s;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A Deployment, StatefulSet or Job: what the rules look at in each, its pod template. */
record Workload(HasMetadata owner, PodTemplateSpec template) {

    /** What stands for a value taken from a Secret in {@link #environment}. */
    static final String FROM_SECRET = "<from a Secret>";

    static List<Workload> all(Manifests manifests) {
        return Stream.of(
                manifests.all(Deployment.class).stream().map(d -> new Workload(d, d.getSpec().getTemplate())),
                manifests.all(StatefulSet.class).stream().map(s -> new Workload(s, s.getSpec().getTemplate())),
                manifests.all(Job.class).stream().map(j -> new Workload(j, j.getSpec().getTemplate())))
                .flatMap(s -> s).toList();
    }

    String name() {
        return owner.getKind() + " " + owner.getMetadata().getName();
    }

    List<Container> containers() {
        List<Container> all = new ArrayList<>(template.getSpec().getContainers());
        if (template.getSpec().getInitContainers() != null) {
            all.addAll(template.getSpec().getInitContainers());
        }
        return all;
    }

    Map<String, String> labels() {
        return template.getMetadata().getLabels();
    }

    /**
     * A container's environment as the kubelet builds it: envFrom ConfigMaps (their data) and Secrets (keys
     * unknown here), then env, which wins. A value from a Secret is {@link #FROM_SECRET}.
     */
    static Map<String, String> environment(Container container, Manifests manifests) {
        Map<String, String> env = new LinkedHashMap<>();
        for (EnvFromSource source : container.getEnvFrom()) {
            if (source.getConfigMapRef() != null) {
                manifests.find(ConfigMap.class, source.getConfigMapRef().getName())
                        .ifPresent(map -> env.putAll(map.getData()));
            }
        }
        for (EnvVar var : container.getEnv()) {
            boolean secret = var.getValueFrom() != null && var.getValueFrom().getSecretKeyRef() != null;
            env.put(var.getName(), secret ? FROM_SECRET : var.getValue());
        }
        return env;
    }
}
