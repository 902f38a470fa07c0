package studio.ainative.deploy.k8s;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders a kustomization with {@code kubectl kustomize}, the way an operator applies it. kubectl is
 * required: ./dev installs it (Debian's package {@code kubectl}), and deploy/README.md says how elsewhere.
 */
final class Kustomize {

    static final String OVERLAYS = "deploy/k8s/overlays";

    private Kustomize() {
    }

    /** Every overlay under deploy/k8s/overlays, by folder name. */
    static List<String> overlays() {
        try (Stream<Path> dirs = Files.list(Repository.path(OVERLAYS))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rendered YAML of a kustomization directory, relative to the repository root. */
    static String render(String directory) {
        Path kubectl = kubectl();
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", Repository.path(directory).toString())
                    .redirectErrorStream(false).start();
            byte[] out = process.getInputStream().readAllBytes();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + directory + " did not finish in 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + directory + " failed:\n" + err);
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path kubectl() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("kubectl is not on PATH: the manifests cannot be rendered. ./dev test installs it;"
                + " elsewhere: apt-get install kubectl (Debian and Ubuntu with the Kubernetes apt repository),"
                + " or see deploy/README.md (\"Validation\")");
    }
}
