package studio.ainative.devkit.openai.security;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import studio.ainative.devkit.openai.OpenAiException;
import studio.ainative.devkit.openai.config.OpenAiConfig;

/** OpenAI's bearer auth: Authorization: Bearer <the configured key>, the scheme in any case. */
@ApplicationScoped
public class ApiKeyCheck {

    private static final String BEARER = "bearer ";

    private final OpenAiConfig config;

    public ApiKeyCheck(OpenAiConfig config) {
        this.config = config;
    }

    /** Throws the 401 OpenAI answers unless the header carries the configured key. */
    public void require(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw OpenAiException.invalidApiKey(true);
        }
        byte[] presented = authorization.substring(BEARER.length()).trim().getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(presented, config.apiKey().getBytes(StandardCharsets.UTF_8))) {
            throw OpenAiException.invalidApiKey(false);
        }
    }
}
