package studio.ainative.identity.service;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import studio.ainative.identity.config.IdentityConfig;

/**
 * Where Stytch serves a project's JWKS and session API, from the project id alone (Stytch's own
 * clients choose the host the same way): {@code project-test-…} on {@code test.stytch.com},
 * {@code project-live-…} on {@code api.stytch.com}. The guide's registration body names
 * {@code https://stytch.com/v1/sessions/jwks/…}, which Stytch does not serve, so a {@code stytch}
 * provider whose URLs point at stytch.com itself (or that gives no {@code jwks_uri}) gets these instead.
 */
public final class StytchEndpoints {

    /** The provider kind whose registrations get Stytch's URLs derived. */
    public static final String KIND = "stytch";

    /** Stytch's site, never its API: URLs there are replaced with the project's API host. */
    private static final Set<String> SITE_HOSTS = Set.of("stytch.com", "www.stytch.com");
    /** A Stytch project id, URL-path safe (it becomes the last segment of the JWKS URL). */
    private static final Pattern PROJECT_ID = Pattern.compile("^project-(test|live)-[A-Za-z0-9-]{1,200}$");
    private static final String JWKS_PATH = "/v1/sessions/jwks/";

    private final String testApiUrl;
    private final String liveApiUrl;

    public StytchEndpoints(String testApiUrl, String liveApiUrl) {
        this.testApiUrl = withoutTrailingSlash(testApiUrl);
        this.liveApiUrl = withoutTrailingSlash(liveApiUrl);
    }

    public static StytchEndpoints of(IdentityConfig.Stytch config) {
        return new StytchEndpoints(config.testApiUrl(), config.liveApiUrl());
    }

    /** The project's API base URL (its session API), or empty when the id is not a Stytch project id. */
    public Optional<String> apiBaseUrl(String projectId) {
        var matcher = PROJECT_ID.matcher(projectId);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of("live".equals(matcher.group(1)) ? liveApiUrl : testApiUrl);
    }

    /** The project's JWKS URL, or empty when the id is not a Stytch project id. */
    public Optional<String> jwksUri(String projectId) {
        return apiBaseUrl(projectId).map(base -> base + JWKS_PATH + projectId);
    }

    /** True for a URL on Stytch's site ({@code stytch.com}), which serves no API. */
    public static boolean onStytchSite(String url) {
        String host = URI.create(url).getHost();
        return host != null && SITE_HOSTS.contains(host.toLowerCase(Locale.ROOT));
    }

    private static String withoutTrailingSlash(String url) {
        String out = url;
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }
}
