package studio.ainative.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every overlay renders, parses into the typed model without an unknown field, and keeps every rule. */
class OverlaysTest {

    static List<String> overlays() {
        return Kustomize.overlays();
    }

    @Test
    void theOverlaysAreLocalClusterProductionAndManagedData() {
        assertEquals(List.of("local-cluster", "managed-data", "production"), overlays());
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void rendersAndParsesIntoTheTypedModel(String overlay) {
        assertTrue(Rendered.manifests(overlay).typed().size() > 40, "a whole platform rendered");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void imagesArePinnedNeverLatest(String overlay) {
        assertNoViolation(overlay, DeploymentRules::imagesPinned);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyContainerHasRequestsAndLimits(String overlay) {
        assertNoViolation(overlay, DeploymentRules::resourcesBounded);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyPodRunsNonRootReadOnlyWithoutCapabilitiesOrToken(String overlay) {
        assertNoViolation(overlay, DeploymentRules::lockedDown);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServerHasProbesAndShutsDownGracefully(String overlay) {
        assertNoViolation(overlay, DeploymentRules::serversShutDownGracefully);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void secretsAreOnlyReferenced(String overlay) {
        assertNoViolation(overlay, DeploymentRules::secretsByReferenceOnly);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyWorkloadHasADisruptionBudgetAnAutoscalerAndANetworkPolicy(String overlay) {
        assertNoViolation(overlay, DeploymentRules::everyWorkloadCovered);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void theNamespaceDeniesByDefault(String overlay) {
        assertNoViolation(overlay, DeploymentRules::defaultDeny);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void exactlyThePublicRoutesAreRoutedAndNeverInternal(String overlay) {
        assertNoViolation(overlay, DeploymentRules::publicRoutesExact);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void migrationsRunInAJobWithTheOwnerRoleAndNotInThePods(String overlay) {
        assertNoViolation(overlay, DeploymentRules::migrationsOutsideThePods);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceIsScrapedByPrometheus(String overlay) {
        assertNoViolation(overlay, DeploymentRules::metricsScraped);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void internetEgressLeavesOutPrivateAndMetadataRanges(String overlay) {
        assertNoViolation(overlay, DeploymentRules::internetEgressExcludesPrivateRanges);
    }

    private static void assertNoViolation(String overlay, Function<Manifests, List<String>> rule) {
        assertEquals(List.of(), rule.apply(Rendered.manifests(overlay)), overlay);
    }
}
