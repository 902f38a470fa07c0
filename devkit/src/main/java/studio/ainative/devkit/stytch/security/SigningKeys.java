package studio.ainative.devkit.stytch.security;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.lang.JoseException;
import studio.ainative.devkit.stytch.StytchIds;

/**
 * The project's RSA signing keys: one current key signs, every published key verifies and
 * appears in the JWKS. Keys live only in memory, so each start is a fresh key set.
 */
@Startup
@ApplicationScoped
public class SigningKeys {

    private static final int KEY_BITS = 2048;

    /** Swapped whole so readers never see a current key that is not yet published. */
    private record KeySet(RsaJsonWebKey current, List<RsaJsonWebKey> published) {
    }

    private volatile KeySet keySet;

    public SigningKeys() {
        RsaJsonWebKey first = generate();
        keySet = new KeySet(first, List.of(first));
    }

    public RsaJsonWebKey current() {
        return keySet.current();
    }

    /** Keys a JWT may be verified with, private parts included; never serialise these. */
    public List<JsonWebKey> verificationKeys() {
        return List.copyOf(keySet.published());
    }

    public List<String> publishedKeyIds() {
        return keySet.published().stream().map(JsonWebKey::getKeyId).toList();
    }

    /** Public halves only, as JWKS members. */
    public List<Map<String, Object>> publishedJwks() {
        return keySet.published().stream()
                .map(key -> key.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
                .toList();
    }

    /** Makes a new key current; the old ones stay published unless retired. */
    public synchronized RsaJsonWebKey rotate(boolean retireOld) {
        RsaJsonWebKey next = generate();
        List<RsaJsonWebKey> published = new ArrayList<>();
        if (!retireOld) {
            published.addAll(keySet.published());
        }
        published.add(next);
        keySet = new KeySet(next, List.copyOf(published));
        return next;
    }

    private static RsaJsonWebKey generate() {
        try {
            RsaJsonWebKey key = RsaJwkGenerator.generateJwk(KEY_BITS);
            key.setKeyId(StytchIds.keyId());
            key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            key.setUse("sig");
            return key;
        } catch (JoseException e) {
            throw new IllegalStateException("Cannot generate an RSA signing key", e);
        }
    }
}
