package studio.ainative.deploy.k8s;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Each overlay rendered once per test run (kubectl takes a second or two); parsed afresh on request. */
final class Rendered {

    private static final Map<String, String> YAML = new ConcurrentHashMap<>();

    private Rendered() {
    }

    /** The rendered YAML of {@code deploy/k8s/overlays/<overlay>} (or of any kustomization directory). */
    static String yaml(String directory) {
        return YAML.computeIfAbsent(directory, Kustomize::render);
    }

    static String overlay(String name) {
        return yaml(Kustomize.OVERLAYS + "/" + name);
    }

    /** A new parse of an overlay, which a test may change without touching another's. */
    static Manifests manifests(String overlay) {
        return Manifests.parse(overlay(overlay));
    }
}
