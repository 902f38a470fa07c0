package studio.ainative.platform.testing;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The environment a packaged resource service runs with in a benchmark, as ./dev gives it locally. */
public final class ServiceEnvironment {

    private ServiceEnvironment() {
    }

    /**
     * {@code <PREFIX>_DB_*} for {@code database} on 127.0.0.1:5432 with the roles {@code <service>_app} and
     * {@code <service>_owner} (their local passwords, deploy/db/bootstrap.sql), and platform-auth's
     * {@code PLATFORM_AUTH_*} towards identity. Mutable: a benchmark adds its own.
     */
    public static Map<String, String> of(String prefix, String service, String database, String identityUrl, String serviceName,
                                         String serviceSecret) {
        return new HashMap<>(Map.of(
                prefix + "_DB_HOST", "127.0.0.1",
                prefix + "_DB_PORT", "5432",
                prefix + "_DB_NAME", database,
                prefix + "_DB_APP_USER", service + "_app",
                prefix + "_DB_APP_PASSWORD", service + "_app_local",
                prefix + "_DB_OWNER_USER", service + "_owner",
                prefix + "_DB_OWNER_PASSWORD", service + "_owner_local",
                "PLATFORM_AUTH_IDENTITY_URL", identityUrl,
                "PLATFORM_AUTH_SERVICE_NAME", serviceName,
                "PLATFORM_AUTH_SERVICE_SECRET", serviceSecret));
    }

    /** A JFR recording of the service (the profile settings), written to {@code recording} when it exits. */
    public static void recordFlight(Map<String, String> env, Path recording) {
        addJvmOption(env, "-XX:StartFlightRecording=settings=profile,dumponexit=true,filename=" + recording);
    }

    /**
     * Adds {@code option} to the service's {@code JAVA_TOOL_OPTIONS}, after the ones it already has (a deployment's heap
     * and collector, say), which a profiling option must not replace.
     */
    public static void addJvmOption(Map<String, String> env, String option) {
        env.merge("JAVA_TOOL_OPTIONS", option, (given, added) -> given + " " + added);
    }
}
