package studio.ainative.deploy.k8s;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteFilter;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The rules every rendered overlay must keep (deploy/README.md, "Kubernetes"). Each returns what breaks it,
 * one line per finding; an empty list is a pass.
 */
final class DeploymentRules {

    /** The public routes of ARCHITECTURE.md and the local gateway: path prefix → the Service behind it. */
    static final Map<String, String> PUBLIC_ROUTES = Map.of(
            "/api/v1/auth", "identity-service",
            "/api/v1/zerodb", "zerodb-service",
            "/api/v1/public/memory", "memory-service",
            "/api/v1/chat", "chat-service",
            "/api/v1/public/chat", "chat-service");

    /** The deployable services, by the prefix of their environment variables. */
    static final Map<String, String> SERVICES = Map.of(
            "identity-service", "IDENTITY",
            "zerodb-service", "ZERODB",
            "memory-service", "MEMORY",
            "chat-service", "CHAT");

    /** Names of variables that carry credentials: never a literal value, never in a ConfigMap. */
    static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|_KEY|_KEYS|CALLERS|CLIENTS|_AUTH)$");

    /** Ranges the internet egress of identity (JWKS) and chat (upstreams) must leave out. */
    static final List<String> PRIVATE_RANGES = List.of(
            "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10");

    private static final String SERVICE_HEADER = "X-Service-Authorization";

    private DeploymentRules() {
    }

    /** Every image names a tag or a digest, and no tag is "latest". */
    static List<String> imagesPinned(Manifests m) {
        List<String> found = new ArrayList<>();
        for (Workload w : Workload.all(m)) {
            for (Container c : w.containers()) {
                String image = c.getImage();
                String lastPart = image.substring(image.lastIndexOf('/') + 1);
                boolean digest = image.contains("@sha256:");
                boolean tagged = lastPart.contains(":");
                if (!digest && !tagged) {
                    found.add(w.name() + "/" + c.getName() + ": " + image + " has neither tag nor digest (that is :latest)");
                } else if (!digest && lastPart.endsWith(":latest")) {
                    found.add(w.name() + "/" + c.getName() + ": " + image + " is :latest");
                }
            }
        }
        return found;
    }

    /** Every container requests and is limited in CPU and memory. */
    static List<String> resourcesBounded(Manifests m) {
        List<String> found = new ArrayList<>();
        for (Workload w : Workload.all(m)) {
            for (Container c : w.containers()) {
                ResourceRequirements r = c.getResources();
                for (String resource : List.of("cpu", "memory")) {
                    if (r == null || r.getRequests() == null || !r.getRequests().containsKey(resource)) {
                        found.add(w.name() + "/" + c.getName() + ": no " + resource + " request");
                    }
                    if (r == null || r.getLimits() == null || !r.getLimits().containsKey(resource)) {
                        found.add(w.name() + "/" + c.getName() + ": no " + resource + " limit");
                    }
                }
            }
        }
        return found;
    }

    /**
     * Pods run as non-root with seccomp RuntimeDefault and no service account token; containers have a
     * read-only root filesystem, no privilege escalation and every capability dropped.
     */
    static List<String> lockedDown(Manifests m) {
        List<String> found = new ArrayList<>();
        for (Workload w : Workload.all(m)) {
            PodSpec pod = w.template().getSpec();
            PodSecurityContext podSecurity = pod.getSecurityContext();
            if (podSecurity == null || !Boolean.TRUE.equals(podSecurity.getRunAsNonRoot())) {
                found.add(w.name() + ": pod runAsNonRoot is not true");
            }
            if (podSecurity == null || podSecurity.getSeccompProfile() == null
                    || !"RuntimeDefault".equals(podSecurity.getSeccompProfile().getType())) {
                found.add(w.name() + ": pod seccompProfile is not RuntimeDefault");
            }
            if (!Boolean.FALSE.equals(pod.getAutomountServiceAccountToken())) {
                found.add(w.name() + ": the service account token is mounted (automountServiceAccountToken not false)");
            }
            for (Container c : w.containers()) {
                SecurityContext s = c.getSecurityContext();
                String at = w.name() + "/" + c.getName();
                if (s == null) {
                    found.add(at + ": no securityContext");
                    continue;
                }
                if (!Boolean.FALSE.equals(s.getAllowPrivilegeEscalation())) {
                    found.add(at + ": allowPrivilegeEscalation is not false");
                }
                if (!Boolean.TRUE.equals(s.getReadOnlyRootFilesystem())) {
                    found.add(at + ": readOnlyRootFilesystem is not true");
                }
                Capabilities caps = s.getCapabilities();
                if (caps == null || caps.getDrop() == null || !caps.getDrop().contains("ALL")) {
                    found.add(at + ": capabilities do not drop ALL");
                }
                if (s.getRunAsUser() != null && s.getRunAsUser() == 0) {
                    found.add(at + ": runs as user 0");
                }
            }
        }
        return found;
    }

    /**
     * Each service's Deployment: startup, readiness and liveness probes over HTTP, a preStop sleep, a grace
     * period that covers the sleep plus QUARKUS_SHUTDOWN_TIMEOUT, and a topology spread.
     */
    static List<String> serversShutDownGracefully(Manifests m) {
        List<String> found = new ArrayList<>();
        for (Deployment d : m.all(Deployment.class)) {
            PodSpec pod = d.getSpec().getTemplate().getSpec();
            String at = "Deployment " + d.getMetadata().getName();
            if (pod.getTopologySpreadConstraints() == null || pod.getTopologySpreadConstraints().isEmpty()) {
                found.add(at + ": no topologySpreadConstraints");
            }
            for (Container c : pod.getContainers()) {
                probe(c.getStartupProbe(), "/q/health/started", at + " startupProbe", found);
                probe(c.getReadinessProbe(), "/q/health/ready", at + " readinessProbe", found);
                probe(c.getLivenessProbe(), "/q/health/live", at + " livenessProbe", found);
                Integer sleep = c.getLifecycle() == null || c.getLifecycle().getPreStop() == null
                        || c.getLifecycle().getPreStop().getSleep() == null
                        ? null : c.getLifecycle().getPreStop().getSleep().getSeconds().intValue();
                if (sleep == null) {
                    found.add(at + ": no preStop sleep");
                    continue;
                }
                String timeout = Workload.environment(c, m).get("QUARKUS_SHUTDOWN_TIMEOUT");
                if (timeout == null) {
                    found.add(at + ": QUARKUS_SHUTDOWN_TIMEOUT is not set (Quarkus' graceful shutdown is off)");
                    continue;
                }
                long needed = sleep + Duration.parse("PT" + timeout.toUpperCase()).toSeconds();
                Long grace = pod.getTerminationGracePeriodSeconds();
                if (grace == null || grace <= needed) {
                    found.add(at + ": terminationGracePeriodSeconds " + grace + " does not exceed preStop " + sleep
                            + " s + QUARKUS_SHUTDOWN_TIMEOUT " + timeout);
                }
            }
        }
        return found;
    }

    private static void probe(Probe probe, String path, String at, List<String> found) {
        if (probe == null || probe.getHttpGet() == null) {
            found.add(at + ": missing (an HTTP probe of " + path + ")");
        } else if (!path.equals(probe.getHttpGet().getPath())) {
            found.add(at + ": " + probe.getHttpGet().getPath() + " instead of " + path);
        }
    }

    /**
     * Secrets only by reference: no Secret object is rendered, a credential-named variable never has a
     * literal value, and no ConfigMap holds one.
     */
    static List<String> secretsByReferenceOnly(Manifests m) {
        List<String> found = new ArrayList<>();
        for (Secret s : m.all(Secret.class)) {
            found.add("Secret " + s.getMetadata().getName() + " is rendered: secrets are created out of band");
        }
        for (Workload w : Workload.all(m)) {
            for (Container c : w.containers()) {
                for (EnvVar var : c.getEnv()) {
                    if (SECRET_NAME.matcher(var.getName()).matches() && var.getValue() != null) {
                        found.add(w.name() + "/" + c.getName() + ": " + var.getName() + " has a literal value");
                    }
                }
            }
        }
        for (ConfigMap map : m.all(ConfigMap.class)) {
            if (map.getData() == null) {
                continue;
            }
            for (String key : map.getData().keySet()) {
                if (SECRET_NAME.matcher(key).matches()) {
                    found.add("ConfigMap " + map.getMetadata().getName() + ": " + key + " is a credential");
                }
            }
        }
        return found;
    }

    /**
     * Every Deployment is covered by a PodDisruptionBudget, a HorizontalPodAutoscaler and a NetworkPolicy of
     * its own (the namespace's default deny aside); every StatefulSet by a PDB and a NetworkPolicy.
     */
    static List<String> everyWorkloadCovered(Manifests m) {
        List<String> found = new ArrayList<>();
        List<HasMetadata> servers = new ArrayList<>(m.all(Deployment.class));
        servers.addAll(m.all(StatefulSet.class));
        for (HasMetadata server : servers) {
            Map<String, String> labels = server instanceof Deployment d
                    ? d.getSpec().getTemplate().getMetadata().getLabels()
                    : ((StatefulSet) server).getSpec().getTemplate().getMetadata().getLabels();
            String at = server.getKind() + " " + server.getMetadata().getName();
            if (m.all(PodDisruptionBudget.class).stream().noneMatch(p -> selects(p.getSpec().getSelector(), labels))) {
                found.add(at + ": no PodDisruptionBudget selects its pods");
            }
            if (m.all(NetworkPolicy.class).stream().noneMatch(p -> !selectsEverything(p.getSpec().getPodSelector())
                    && selects(p.getSpec().getPodSelector(), labels))) {
                found.add(at + ": no NetworkPolicy of its own selects its pods");
            }
            if (server instanceof Deployment && m.all(HorizontalPodAutoscaler.class).stream()
                    .noneMatch(h -> "Deployment".equals(h.getSpec().getScaleTargetRef().getKind())
                            && server.getMetadata().getName().equals(h.getSpec().getScaleTargetRef().getName()))) {
                found.add(at + ": no HorizontalPodAutoscaler scales it");
            }
        }
        return found;
    }

    /** The namespace denies all traffic, in and out, unless a policy allows it. */
    static List<String> defaultDeny(Manifests m) {
        boolean present = m.all(NetworkPolicy.class).stream().anyMatch(p -> selectsEverything(p.getSpec().getPodSelector())
                && p.getSpec().getPolicyTypes().containsAll(List.of("Ingress", "Egress"))
                && p.getSpec().getIngress().isEmpty() && p.getSpec().getEgress().isEmpty());
        return present ? List.of() : List.of("no default-deny NetworkPolicy (empty podSelector, Ingress and Egress, no rules)");
    }

    /**
     * The public routes are exactly {@link #PUBLIC_ROUTES}, through HTTPRoutes or Ingresses: each prefix to
     * its Service, nothing under /internal, and each HTTPRoute rule removes X-Service-Authorization.
     */
    static List<String> publicRoutesExact(Manifests m) {
        List<String> found = new ArrayList<>();
        Map<String, String> routed = new TreeMap<>();
        for (HTTPRoute route : m.all(HTTPRoute.class)) {
            for (HTTPRouteRule rule : route.getSpec().getRules()) {
                String backend = rule.getBackendRefs().size() == 1 ? rule.getBackendRefs().get(0).getName() : "several backends";
                for (HTTPRouteMatch match : rule.getMatches()) {
                    if (match.getPath() == null || !"PathPrefix".equals(match.getPath().getType())) {
                        found.add("HTTPRoute " + route.getMetadata().getName() + ": a match that is not a PathPrefix");
                        continue;
                    }
                    routed.put(match.getPath().getValue(), backend);
                }
                boolean strips = rule.getFilters().stream().map(HTTPRouteFilter::getRequestHeaderModifier)
                        .filter(Objects::nonNull)
                        .anyMatch(mod -> mod.getRemove().stream().anyMatch(SERVICE_HEADER::equalsIgnoreCase));
                if (!strips) {
                    found.add("HTTPRoute " + route.getMetadata().getName() + ": a rule for " + rule.getMatches().stream()
                            .map(x -> x.getPath() == null ? "?" : x.getPath().getValue()).toList()
                            + " does not remove " + SERVICE_HEADER);
                }
            }
        }
        for (Ingress ingress : m.all(Ingress.class)) {
            for (IngressRule rule : ingress.getSpec().getRules()) {
                for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                    if (!"Prefix".equals(path.getPathType())) {
                        found.add("Ingress " + ingress.getMetadata().getName() + ": " + path.getPath() + " is not a Prefix path");
                    }
                    routed.put(path.getPath(), path.getBackend().getService().getName());
                }
            }
        }
        routed.keySet().stream().filter(p -> p.startsWith("/internal") || p.equals("/") || p.startsWith("/q"))
                .forEach(p -> found.add(p + " is routed publicly"));
        if (!routed.equals(new TreeMap<>(PUBLIC_ROUTES))) {
            found.add("public routes " + routed + " are not exactly " + new TreeMap<>(PUBLIC_ROUTES));
        }
        return found;
    }

    /**
     * Each service's pods hold only its runtime role (no migrations, no owner credential); its Job
     * {@code <service>-migrate} runs the same image with the owner role, migrating and exiting.
     */
    static List<String> migrationsOutsideThePods(Manifests m) {
        List<String> found = new ArrayList<>();
        SERVICES.forEach((service, prefix) -> {
            Deployment deployment = m.find(Deployment.class, service).orElse(null);
            Job job = m.find(Job.class, service + "-migrate").orElse(null);
            if (deployment == null || job == null) {
                found.add(service + ": Deployment or Job " + service + "-migrate missing");
                return;
            }
            Container server = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, String> serverEnv = Workload.environment(server, m);
            if (!"false".equals(serverEnv.get(prefix + "_MIGRATE_AT_START"))) {
                found.add(service + ": the pods do not set " + prefix + "_MIGRATE_AT_START=false");
            }
            if (serverEnv.containsKey(prefix + "_DB_OWNER_PASSWORD")) {
                found.add(service + ": the pods get the owner role's password");
            }
            Container migrate = job.getSpec().getTemplate().getSpec().getContainers().get(0);
            Map<String, String> jobEnv = Workload.environment(migrate, m);
            if (!"true".equals(jobEnv.get(prefix + "_MIGRATE_AT_START")) || !"true".equals(jobEnv.get("QUARKUS_INIT_AND_EXIT"))) {
                found.add(service + "-migrate: does not set " + prefix + "_MIGRATE_AT_START=true and QUARKUS_INIT_AND_EXIT=true");
            }
            if (!Workload.FROM_SECRET.equals(jobEnv.get(prefix + "_DB_OWNER_PASSWORD"))) {
                found.add(service + "-migrate: the owner role's password is not taken from a Secret");
            }
            if (!migrate.getImage().equals(server.getImage())) {
                found.add(service + "-migrate: image " + migrate.getImage() + " is not the pods' " + server.getImage());
            }
        });
        return found;
    }

    /** Each service's Service is scraped by a ServiceMonitor on /q/metrics. */
    static List<String> metricsScraped(Manifests m) {
        List<String> found = new ArrayList<>();
        for (String service : SERVICES.keySet()) {
            Service svc = m.find(Service.class, service).orElse(null);
            if (svc == null) {
                found.add(service + ": no Service");
                continue;
            }
            boolean scraped = m.all(ServiceMonitor.class).stream().anyMatch(sm -> selects(sm.getSpec().getSelector(),
                    svc.getMetadata().getLabels()) && sm.getSpec().getEndpoints().stream()
                    .anyMatch(e -> "/q/metrics".equals(e.getPath())));
            if (!scraped) {
                found.add(service + ": no ServiceMonitor scrapes /q/metrics");
            }
        }
        return found;
    }

    /**
     * Egress to the internet (identity's JWKS fetches, chat's upstreams) leaves out private, loopback,
     * link-local (cloud metadata) and shared ranges: a second layer behind the SSRF guard.
     */
    static List<String> internetEgressExcludesPrivateRanges(Manifests m) {
        List<String> found = new ArrayList<>();
        for (NetworkPolicy policy : m.all(NetworkPolicy.class)) {
            for (NetworkPolicyEgressRule rule : policy.getSpec().getEgress()) {
                for (NetworkPolicyPeer peer : rule.getTo()) {
                    if (peer.getIpBlock() != null && "0.0.0.0/0".equals(peer.getIpBlock().getCidr())) {
                        List<String> except = peer.getIpBlock().getExcept();
                        for (String range : PRIVATE_RANGES) {
                            if (except == null || !except.contains(range)) {
                                found.add("NetworkPolicy " + policy.getMetadata().getName() + ": 0.0.0.0/0 does not except " + range);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }

    /** Whether a selector (matchLabels and matchExpressions) selects a set of labels. */
    static boolean selects(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return false;
        }
        Map<String, String> actual = labels == null ? Map.of() : labels;
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(actual.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String value = actual.get(r.getKey());
                boolean ok = switch (r.getOperator()) {
                    case "In" -> value != null && r.getValues().contains(value);
                    case "NotIn" -> value == null || !r.getValues().contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean selectsEverything(LabelSelector selector) {
        return selector != null && (selector.getMatchLabels() == null || selector.getMatchLabels().isEmpty())
                && (selector.getMatchExpressions() == null || selector.getMatchExpressions().isEmpty());
    }
}
