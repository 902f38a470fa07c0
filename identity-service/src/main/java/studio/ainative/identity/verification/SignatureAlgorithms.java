package studio.ainative.identity.verification;

import java.util.List;
import java.util.Set;
import org.jose4j.jwk.EllipticCurveJsonWebKey;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.OctetKeyPairJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.keys.EllipticCurves;

/** The asymmetric JWS algorithms the platform accepts, and which key fits which algorithm. */
public final class SignatureAlgorithms {

    /** Everything else (none, HS*, anything unknown) is refused at registration and at verification. */
    public static final List<String> ASYMMETRIC = List.of(
            "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA");

    private static final Set<String> ASYMMETRIC_SET = Set.copyOf(ASYMMETRIC);

    private SignatureAlgorithms() {
    }

    public static boolean isSupported(String alg) {
        return alg != null && ASYMMETRIC_SET.contains(alg);
    }

    /** True when {@code key} can carry a signature made with {@code alg}: key type and curve must match. */
    public static boolean keyFits(JsonWebKey key, String alg) {
        if (!isSupported(alg)) {
            return false;
        }
        if (key.getAlgorithm() != null && !key.getAlgorithm().equals(alg)) {
            return false;
        }
        return switch (alg.substring(0, 2)) {
            case "RS", "PS" -> key instanceof RsaJsonWebKey;
            case "ES" -> key instanceof EllipticCurveJsonWebKey ec && curveFor(alg).equals(ec.getCurveName());
            case "Ed" -> key instanceof OctetKeyPairJsonWebKey okp
                    && (OctetKeyPairJsonWebKey.SUBTYPE_ED25519.equals(okp.getSubtype())
                        || OctetKeyPairJsonWebKey.SUBTYPE_ED448.equals(okp.getSubtype()));
            default -> false;
        };
    }

    private static String curveFor(String esAlg) {
        return switch (esAlg) {
            case "ES256" -> EllipticCurves.P_256;
            case "ES384" -> EllipticCurves.P_384;
            default -> EllipticCurves.P_521;
        };
    }
}
