package studio.ainative.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each rule catches the fault it names: the production overlay with that one fault put in is refused,
 * with a finding that names it.
 */
class DeploymentRulesTest {

    private final Manifests production = Rendered.manifests("production");

    @Test
    void refusesAnImageWithoutATag() {
        server("zerodb-service").setImage("ghcr.io/ainative/zerodb-service");
        assertFinding(DeploymentRules::imagesPinned, "has neither tag nor digest");
    }

    @Test
    void refusesTheLatestTag() {
        server("memory-service").setImage("ghcr.io/ainative/memory-service:latest");
        assertFinding(DeploymentRules::imagesPinned, "is :latest");
    }

    @Test
    void acceptsADigest() {
        server("memory-service").setImage("ghcr.io/ainative/memory-service@sha256:" + "a".repeat(64));
        assertEquals(List.of(), DeploymentRules.imagesPinned(production));
    }

    @Test
    void refusesAContainerWithoutAMemoryLimit() {
        server("chat-service").getResources().getLimits().remove("memory");
        assertFinding(DeploymentRules::resourcesBounded, "Deployment chat-service/chat-service: no memory limit");
    }

    @Test
    void refusesAWritableRootFilesystem() {
        server("identity-service").getSecurityContext().setReadOnlyRootFilesystem(false);
        assertFinding(DeploymentRules::lockedDown, "readOnlyRootFilesystem is not true");
    }

    @Test
    void refusesAPodThatMayRunAsRoot() {
        production.get(Deployment.class, "identity-service").getSpec().getTemplate().getSpec().getSecurityContext()
                .setRunAsNonRoot(null);
        assertFinding(DeploymentRules::lockedDown, "runAsNonRoot is not true");
    }

    @Test
    void refusesAMountedServiceAccountToken() {
        production.get(Job.class, "db-bootstrap").getSpec().getTemplate().getSpec().setAutomountServiceAccountToken(null);
        assertFinding(DeploymentRules::lockedDown, "Job db-bootstrap: the service account token is mounted");
    }

    @Test
    void refusesAServerWithoutAStartupProbe() {
        server("zerodb-service").setStartupProbe(null);
        assertFinding(DeploymentRules::serversShutDownGracefully, "startupProbe: missing");
    }

    @Test
    void refusesAGracePeriodShorterThanPreStopPlusShutdownTimeout() {
        production.get(Deployment.class, "chat-service").getSpec().getTemplate().getSpec().setTerminationGracePeriodSeconds(60L);
        assertFinding(DeploymentRules::serversShutDownGracefully, "does not exceed preStop 10 s + QUARKUS_SHUTDOWN_TIMEOUT 120s");
    }

    @Test
    void refusesALiteralPassword() {
        server("identity-service").getEnv().stream().filter(v -> v.getName().equals("IDENTITY_DB_APP_PASSWORD"))
                .forEach(v -> {
                    v.setValueFrom(null);
                    v.setValue("hunter2");
                });
        assertFinding(DeploymentRules::secretsByReferenceOnly, "IDENTITY_DB_APP_PASSWORD has a literal value");
    }

    @Test
    void refusesACredentialInAConfigMap() {
        production.get(ConfigMap.class, "zerodb-service-config").getData().put("ZERODB_CURSOR_KEY", "0123");
        assertFinding(DeploymentRules::secretsByReferenceOnly, "ConfigMap zerodb-service-config: ZERODB_CURSOR_KEY is a credential");
    }

    @Test
    void refusesADeploymentNoDisruptionBudgetSelects() {
        production.get(PodDisruptionBudget.class, "memory-service").getSpec().getSelector().getMatchLabels()
                .put("app.kubernetes.io/name", "someone-else");
        assertFinding(DeploymentRules::everyWorkloadCovered, "Deployment memory-service: no PodDisruptionBudget selects its pods");
    }

    @Test
    void refusesADeploymentCoveredOnlyByTheDefaultDeny() {
        production.get(NetworkPolicy.class, "chat-service").getSpec().getPodSelector().getMatchLabels()
                .put("app.kubernetes.io/name", "someone-else");
        assertFinding(DeploymentRules::everyWorkloadCovered, "Deployment chat-service: no NetworkPolicy of its own");
    }

    @Test
    void refusesARouteToInternal() {
        HTTPRouteRule rule = route().getSpec().getRules().get(0);
        rule.getMatches().get(0).getPath().setValue("/internal");
        assertFinding(DeploymentRules::publicRoutesExact, "/internal is routed publicly");
    }

    @Test
    void refusesAMissingPublicRoute() {
        route().getSpec().getRules().remove(2);
        assertFinding(DeploymentRules::publicRoutesExact, "are not exactly");
    }

    @Test
    void refusesARuleThatPassesTheServiceHeaderOn() {
        route().getSpec().getRules().get(1).getFilters().clear();
        assertFinding(DeploymentRules::publicRoutesExact, "[/api/v1/zerodb] does not remove X-Service-Authorization");
    }

    @Test
    void refusesPodsThatMigrate() {
        production.get(ConfigMap.class, "memory-service-config").getData().put("MEMORY_MIGRATE_AT_START", "true");
        assertFinding(DeploymentRules::migrationsOutsideThePods, "memory-service: the pods do not set MEMORY_MIGRATE_AT_START=false");
    }

    @Test
    void refusesPodsWithTheOwnerPassword() {
        Job job = production.get(Job.class, "chat-service-migrate");
        EnvVar owner = job.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv().stream()
                .filter(v -> v.getName().equals("CHAT_DB_OWNER_PASSWORD")).findFirst().orElseThrow();
        server("chat-service").getEnv().add(owner);
        assertFinding(DeploymentRules::migrationsOutsideThePods, "chat-service: the pods get the owner role's password");
    }

    @Test
    void refusesInternetEgressThatReachesTheMetadataRange() {
        production.get(NetworkPolicy.class, "identity-service").getSpec().getEgress().stream()
                .flatMap(r -> r.getTo().stream()).filter(p -> p.getIpBlock() != null)
                .forEach(p -> p.getIpBlock().getExcept().remove("169.254.0.0/16"));
        assertFinding(DeploymentRules::internetEgressExcludesPrivateRanges, "does not except 169.254.0.0/16");
    }

    private Container server(String name) {
        return production.get(Deployment.class, name).getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private HTTPRoute route() {
        return production.get(HTTPRoute.class, "ainative-public");
    }

    private void assertFinding(Function<Manifests, List<String>> rule, String expected) {
        List<String> findings = rule.apply(production);
        assertTrue(findings.stream().anyMatch(f -> f.contains(expected)), "expected a finding with \"" + expected + "\": " + findings);
    }
}
