package studio.ainative.bench.verify;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;
import studio.ainative.platform.testing.IdpServer;
import studio.ainative.platform.testing.TestIdp;

/**
 * The benchmark's identity provider: one issuer with an RSA-2048 key (RS256) and a P-256 key (ES256), both in the
 * JWKS it publishes on platform-testing's {@link IdpServer}. Its keys are kept in {@code target/} between runs, and so
 * are the tokens it signs (a day of life), because signing a cold run's hundred thousands of distinct tokens takes
 * minutes; a token file is signed again once it has less than {@link #MIN_LIFE_LEFT} to live.
 */
final class BenchIdp {

    static final String ISSUER = "https://idp.bench.test/verify";
    static final String AUDIENCE = "project-bench-verify";
    private static final String JWKS_PATH = "/jwks/verify-bench";
    private static final Duration TOKEN_LIFE = Duration.ofHours(24);
    private static final Duration MIN_LIFE_LEFT = Duration.ofHours(2);

    private final Path dir;
    private final PublicJsonWebKey rsa;
    private final PublicJsonWebKey ec;

    private BenchIdp(Path dir, PublicJsonWebKey rsa, PublicJsonWebKey ec) {
        this.dir = dir;
        this.rsa = rsa;
        this.ec = ec;
    }

    /** The provider whose keys are in {@code dir} (made there on the first run), publishing its JWKS. */
    static BenchIdp open(Path dir) throws IOException, JoseException {
        Files.createDirectories(dir);
        Path keys = dir.resolve("idp-keys.json");
        PublicJsonWebKey rsa;
        PublicJsonWebKey ec;
        if (Files.isRegularFile(keys)) {
            List<JsonWebKey> stored = new JsonWebKeySet(Files.readString(keys)).getJsonWebKeys();
            rsa = (PublicJsonWebKey) stored.get(0);
            ec = (PublicJsonWebKey) stored.get(1);
        } else {
            rsa = RsaJwkGenerator.generateJwk(2048);
            rsa.setKeyId("bench-rsa-" + UUID.randomUUID());
            rsa.setAlgorithm("RS256");
            ec = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            ec.setKeyId("bench-ec-" + UUID.randomUUID());
            ec.setAlgorithm("ES256");
            for (PublicJsonWebKey key : List.of(rsa, ec)) {
                key.setUse("sig");
            }
            Files.writeString(keys, new JsonWebKeySet(rsa, ec).toJson(JsonWebKey.OutputControlLevel.INCLUDE_PRIVATE));
        }
        BenchIdp idp = new BenchIdp(dir, rsa, ec);
        IdpServer.get().answer(JWKS_PATH, IdpServer.Answer.json(new JsonWebKeySet(rsa, ec).toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY)));
        return idp;
    }

    String jwksUri() {
        return IdpServer.get().url(JWKS_PATH);
    }

    /** How many times identity and the peers fetched the JWKS. */
    int jwksFetches() {
        return IdpServer.get().hits(JWKS_PATH);
    }

    /** The guide's registration body for this provider. */
    String registration() {
        return "{\"provider\":\"stytch\",\"domain\":\"idp.bench.test\",\"client_id\":\"" + AUDIENCE + "\",\"jwks_uri\":\"" + jwksUri()
                + "\",\"issuer\":\"" + ISSUER + "\",\"claim_mapping\":{\"user_id\":\"sub\",\"email\":\"emails\"}}";
    }

    /**
     * A file of {@code count} distinct tokens signed with {@code alg} (named {@code name}), one per line: the one kept
     * from an earlier run when it has as many and enough life left, else signed now on every core.
     */
    Path tokens(String alg, String name, int count) throws IOException {
        Path file = dir.resolve("tokens-" + alg + "-" + name + "-" + count + ".txt");
        Path stamp = dir.resolve("tokens-" + alg + "-" + name + "-" + count + ".expires");
        if (Files.isRegularFile(file) && Files.isRegularFile(stamp)
                && Instant.parse(Files.readString(stamp).trim()).isAfter(Instant.now().plus(MIN_LIFE_LEFT))) {
            return file;
        }
        Instant now = Instant.now();
        Instant expires = now.plus(TOKEN_LIFE);
        long started = System.nanoTime();
        String lines = IntStream.range(0, count).parallel()
                .mapToObj(i -> sign(alg, claims(now, expires, "user-bench-" + name + "-" + i + "-" + UUID.randomUUID())))
                .collect(Collectors.joining("\n", "", "\n"));
        Files.writeString(file, lines, StandardCharsets.US_ASCII);
        Files.writeString(stamp, expires.toString());
        System.out.printf("signed %d %s tokens (%s) in %.1f s%n", count, alg, name, (System.nanoTime() - started) / 1e9);
        return file;
    }

    /** Claims shaped like a Stytch session JWT's (the email in the session's factor, as identity-jmh's token). */
    private static JwtClaims claims(Instant now, Instant expires, String subject) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(List.of(AUDIENCE));
        claims.setSubject(subject);
        claims.setIssuedAt(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setNotBefore(NumericDate.fromSeconds(now.getEpochSecond()));
        claims.setExpirationTime(NumericDate.fromSeconds(expires.getEpochSecond()));
        claims.setClaim("https://stytch.com/session", Map.of(
                "id", "session-bench-" + UUID.randomUUID(),
                "authentication_factors", List.of(Map.of("type", "magic_link", "delivery_method", "email",
                        "email_factor", Map.of("email_id", "email-bench-1", "email_address", subject + "@example.com")))));
        return claims;
    }

    private String sign(String alg, JwtClaims claims) {
        PublicJsonWebKey key = switch (alg) {
            case "RS256" -> rsa;
            case "ES256" -> ec;
            default -> throw new IllegalArgumentException("algorithms are RS256 and ES256, not " + alg);
        };
        return TestIdp.sign(claims, key, alg, Map.of("typ", "JWT"));
    }
}
