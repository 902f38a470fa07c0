package studio.ainative.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed parse refuses what the API server's strict field validation refuses. */
class ManifestsTest {

    private static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: s
            spec:
              selector:
                app: s
              ports:
                - name: http
                  port: 8081
            """;

    @Test
    void acceptsAWellFormedObject() {
        assertEquals(1, Manifests.parse(SERVICE).typed().size());
    }

    @Test
    void refusesAMisspeltField() {
        String yaml = SERVICE.replace("  selector:", "  selectr:");
        assertProblem(yaml, "unknown field(s) [selectr]");
    }

    @Test
    void refusesAnUnknownFieldDeepInAPodTemplate() {
        String yaml = """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: d
                spec:
                  selector:
                    matchLabels: {app: d}
                  template:
                    metadata:
                      labels: {app: d}
                    spec:
                      containers:
                        - name: c
                          image: i:1
                          securityContext:
                            readOnlyRootFileSystem: true
                """;
        assertProblem(yaml, "unknown field(s) [readOnlyRootFileSystem]");
    }

    @Test
    void refusesAStringWhereTheApiWantsAnInteger() {
        assertProblem(SERVICE.replace("port: 8081", "port: \"8081\""), "Service s");
    }

    @Test
    void refusesAKindWithoutModelOrSchema() {
        assertProblem("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n", "no typed model nor schema");
    }

    @Test
    void checksACloudNativePgClusterAgainstItsSchema() {
        String cluster = """
                apiVersion: postgresql.cnpg.io/v1
                kind: Cluster
                metadata:
                  name: postgres
                spec:
                  instances: 3
                  storage:
                    size: 1Gi
                """;
        assertEquals(1, Manifests.parse(cluster).custom("Cluster").size());
        assertProblem(cluster.replace("instances: 3", "instance: 3"), ".spec.instance: unknown field");
        assertProblem(cluster.replace("instances: 3", "instances: three"), ".spec.instances: expected an integer");
    }

    private static void assertProblem(String yaml, String expected) {
        Manifests.InvalidManifestException e = assertThrows(Manifests.InvalidManifestException.class, () -> Manifests.parse(yaml));
        List<String> problems = e.problems;
        assertTrue(problems.stream().anyMatch(p -> p.contains(expected)), "expected \"" + expected + "\" in " + problems);
    }
}
