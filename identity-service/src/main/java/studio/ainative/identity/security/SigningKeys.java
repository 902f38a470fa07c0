package studio.ainative.identity.security;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jws.AlgorithmIdentifiers;
import studio.ainative.identity.config.IdentityConfig;

/**
 * identity's own signing keys ({@code identity.signing.key}, and optionally
 * {@code identity.signing.additional-key}), RSA only: resource services verify every signed principal
 * they see, and RSA verification is the cheapest there is on the JDK.
 *
 * <p>The first key signs; both are published. A key's {@code kid} is its RFC 7638 thumbprint, so
 * every replica names the same key the same way with nothing to configure. Start-up fails on a
 * missing, malformed or short key: there is no default.
 */
@Startup
@ApplicationScoped
public class SigningKeys {

    static final int MIN_RSA_BITS = 2048;

    private final RsaJsonWebKey current;
    private final String publicJwks;

    @Inject
    public SigningKeys(IdentityConfig config) {
        this(config.signing().key(), config.signing().additionalKey());
    }

    SigningKeys(String key, Optional<String> additionalKey) {
        this.current = parse("identity.signing.key", key);
        List<RsaJsonWebKey> published = new ArrayList<>(List.of(current));
        additionalKey.filter(k -> !k.isBlank())
                .map(pem -> parse("identity.signing.additional-key", pem))
                .filter(k -> !k.getKeyId().equals(current.getKeyId()))
                .ifPresent(published::add);
        this.publicJwks = publicSet(published);
    }

    /** The key that signs, with its {@code kid}. */
    public RsaJsonWebKey current() {
        return current;
    }

    public String algorithm() {
        return AlgorithmIdentifiers.RSA_USING_SHA256;
    }

    /** The public halves of every published key, as a JWK Set document. */
    public String publicJwks() {
        return publicJwks;
    }

    static RsaJsonWebKey parse(String name, String pem) {
        if (pem == null || pem.isBlank()) {
            throw new IllegalStateException(name + " is required (an RSA private key, PKCS#8: PEM or its base64 body)");
        }
        try {
            String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            if (pem.contains("BEGIN RSA PRIVATE KEY")) {
                throw new IllegalStateException(name + " must be PKCS#8 (BEGIN PRIVATE KEY); convert with openssl pkcs8 -topk8 -nocrypt");
            }
            KeyFactory factory = KeyFactory.getInstance("RSA");
            if (!(factory.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body))) instanceof RSAPrivateCrtKey privateKey)) {
                throw new IllegalStateException(name + " is not an RSA private key with its CRT parameters");
            }
            if (privateKey.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalStateException(name + " must be at least " + MIN_RSA_BITS + " bits");
            }
            RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(
                    new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
            RsaJsonWebKey jwk = new RsaJsonWebKey(publicKey);
            jwk.setPrivateKey(privateKey);
            jwk.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
            jwk.setUse("sig");
            jwk.setKeyId(jwk.calculateBase64urlEncodedThumbprint("SHA-256"));
            return jwk;
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            throw new IllegalStateException(name + " is not a PEM-encoded RSA private key (PKCS#8)");
        }
    }

    private static String publicSet(List<RsaJsonWebKey> keys) {
        try {
            List<JsonWebKey> publicKeys = new ArrayList<>();
            for (RsaJsonWebKey key : keys) {
                RsaJsonWebKey copy = new RsaJsonWebKey(key.getRsaPublicKey());
                copy.setKeyId(key.getKeyId());
                copy.setAlgorithm(key.getAlgorithm());
                copy.setUse(key.getUse());
                publicKeys.add(copy);
            }
            return new JsonWebKeySet(publicKeys).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
        } catch (RuntimeException e) {
            throw new IllegalStateException("identity.signing: cannot publish the keys", e);
        }
    }
}
