package studio.ainative.devkit.stytch.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import studio.ainative.devkit.openai.OpenAiPaths;
import studio.ainative.devkit.stytch.StytchError;
import studio.ainative.devkit.stytch.StytchException;
import studio.ainative.devkit.stytch.config.StytchConfig;

/**
 * Requires HTTP Basic project_id:secret on everything under /v1, matched or not, so a new
 * endpoint is protected by default. The exceptions are public as they are at Stytch: the JWKS,
 * and the OAuth start URL a browser opens (it checks the project's public token instead).
 * OpenAI's paths under /v1 are not Stytch's: the OpenAI emulator answers them with its own bearer
 * check before they reach REST, and they are excluded here so that stays true whatever the order.
 * Application-scoped so the config is resolved on the first request, not while REST starts up.
 */
@ApplicationScoped
public class ProjectSecretFilter {

    private static final Pattern PUBLIC_GETS = Pattern.compile("v1/sessions/jwks/[^/]+|v1/public/oauth/[^/]+/start");
    private static final String BASIC = "basic ";

    private final StytchConfig config;

    public ProjectSecretFilter(StytchConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public void requireProjectSecret(ContainerRequestContext request) {
        String path = stripLeadingSlash(request.getUriInfo().getPath());
        boolean underV1 = (path.equals("v1") || path.startsWith("v1/")) && !OpenAiPaths.isApi("/" + path);
        boolean publicGet = HttpMethod.GET.equals(request.getMethod()) && PUBLIC_GETS.matcher(path).matches();
        if (underV1 && !publicGet && !carriesProjectSecret(request.getHeaderString(HttpHeaders.AUTHORIZATION))) {
            throw new StytchException(StytchError.UNAUTHORIZED_CREDENTIALS);
        }
    }

    private boolean carriesProjectSecret(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = (config.projectId() + ":" + config.secret()).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(presented, expected);
    }

    private static String stripLeadingSlash(String path) {
        return path.startsWith("/") ? path.substring(1) : path;
    }
}
