package studio.ainative.devkit.stytch.repository;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import studio.ainative.devkit.stytch.OAuthToken;

/** OAuth tokens awaiting /v1/oauth/authenticate; a spent token is removed, so a replay is not found. */
@ApplicationScoped
public class OAuthTokenStore {

    private final Map<String, OAuthToken> tokens = new ConcurrentHashMap<>();

    public void save(OAuthToken token) {
        tokens.put(token.token(), token);
    }

    public Optional<OAuthToken> find(String token) {
        return Optional.ofNullable(tokens.get(token));
    }

    /** False if another request spent it first. */
    public boolean spend(OAuthToken token) {
        return tokens.remove(token.token(), token);
    }

    public void deleteAllOf(String userId) {
        tokens.values().removeIf(token -> token.userId().equals(userId));
    }
}
