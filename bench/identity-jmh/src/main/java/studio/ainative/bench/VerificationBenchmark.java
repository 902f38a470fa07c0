package studio.ainative.bench;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import studio.ainative.identity.jwks.JwksParser;
import studio.ainative.identity.jwks.KeySet;
import studio.ainative.identity.verification.ClaimMapper;
import studio.ainative.identity.verification.ClaimMapper.MappedIdentity;
import studio.ainative.identity.verification.SignatureAlgorithms;
import studio.ainative.identity.verification.TokenRejectedException;
import studio.ainative.identity.verification.TokenVerifier;
import studio.ainative.identity.verification.UnverifiedToken;
import studio.ainative.identity.verification.VerificationPolicy;

/**
 * Verification of one cached-key RS256 token, Stytch-shaped, through the identity service's pipeline
 * ({@code VerificationService} minus the reactive plumbing and the provider lookup) beside raw JCA
 * {@code Signature.verify} of the same bytes with the same key. The pipeline's budget is at least
 * half the raw rate.
 *
 * <p>Every pipeline call parses the token string afresh: jose4j caches a {@code JsonWebSignature}'s
 * verification result, so re-verifying one parsed token would measure a cache hit, not RSA.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class VerificationBenchmark {

    /** identity.tokens.max-bytes, identity.jwks.max-keys and the default clock skew of the service. */
    private static final int MAX_TOKEN_BYTES = 8192;
    private static final int MAX_JWKS_KEYS = 50;
    /** identity.jwks.max-bytes's default. */
    private static final int MAX_JWKS_CHARS = 65_536;
    private static final int CLOCK_SKEW_SECONDS = 60;

    private static final String JCA_ALGORITHM = "SHA256withRSA";
    private static final String SESSION_CLAIM = "https://stytch.com/session";
    private static final String EMAIL = "sandbox@stytch.com";
    /** The mapping registered for Stytch: {@code emails} is absent from session JWTs, so the session's email factor is used. */
    private static final Map<String, String> CLAIM_MAPPING = Map.of(ClaimMapper.USER_ID, "sub", ClaimMapper.EMAIL, "emails");

    private final Clock clock = Clock.systemUTC();
    private final TokenVerifier verifier = new TokenVerifier(MAX_TOKEN_BYTES);

    private String projectId;
    private String issuer;
    private String userId;
    private String token;
    private KeySet keys;
    private PublicKey publicKey;
    private byte[] signingInput;
    private byte[] signature;

    /**
     * Who computes signatures, for the raw baselines and the pipeline alike: the JDK's own providers, or Amazon
     * Corretto Crypto Provider installed first, as identity-service does at start-up where it loads. Each value runs
     * in forks of its own, so the provider list of one never leaks into the other.
     */
    @Param({"jdk", "accp"})
    public String provider;

    /** A cached {@code Signature} per benchmark thread: the object is stateful and not thread-safe. */
    @State(Scope.Thread)
    public static class CachedSignature {
        Signature signature;

        /** After the benchmark's own set-up (it takes it as a parameter), so the provider is already chosen. */
        @Setup
        public void create(VerificationBenchmark benchmark) throws GeneralSecurityException {
            signature = Signature.getInstance(JCA_ALGORITHM);
        }
    }

    @Setup
    public void setUp() throws Exception {
        if ("accp".equals(provider)) {
            AmazonCorrettoCryptoProvider.install();
            AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
        }
        if (!Signature.getInstance(JCA_ALGORITHM).getProvider().getName().equals(
                "accp".equals(provider) ? AmazonCorrettoCryptoProvider.PROVIDER_NAME : "SunRsaSign")) {
            throw new IllegalStateException(JCA_ALGORITHM + " is served by " + Signature.getInstance(JCA_ALGORITHM).getProvider());
        }
        projectId = "project-test-" + UUID.randomUUID();
        issuer = "stytch.com/" + projectId;
        userId = "user-test-" + UUID.randomUUID();

        RsaJsonWebKey signingKey = signingKey("jwk-test-" + UUID.randomUUID());
        // A second published key, as during a Stytch key rotation, so the kid lookup has a choice.
        RsaJsonWebKey otherKey = signingKey("jwk-test-" + UUID.randomUUID());
        token = sign(signingKey, stytchSessionClaims(Instant.now()));

        // The benchmarked keys come from the real JWKS loader, not from the generator.
        Instant fetchedAt = Instant.now();
        keys = new JwksParser(MAX_JWKS_KEYS, MAX_JWKS_CHARS).parse(jwks(signingKey, otherKey), fetchedAt, fetchedAt.plusSeconds(300));
        if (keys.usableCount() != 2) {
            throw new IllegalStateException("JWKS parser kept " + keys.usableCount() + " of 2 keys: " + keys.skipped());
        }
        publicKey = keys.byKid(signingKey.getKeyId()).orElseThrow().getPublicKey();

        String[] segments = token.split("\\.");
        signingInput = (segments[0] + "." + segments[1]).getBytes(StandardCharsets.US_ASCII);
        signature = Base64.getUrlDecoder().decode(segments[2]);

        requireGenuineVerification();
    }

    /** Raw JCA with one {@code Signature} per thread, re-initialised per call: the cheapest honest verify. */
    @Benchmark
    public boolean rawJcaVerify(CachedSignature cached) throws GeneralSecurityException {
        Signature jca = cached.signature;
        jca.initVerify(publicKey);
        jca.update(signingInput);
        return jca.verify(signature);
    }

    /** Raw JCA with {@code Signature.getInstance} per call, which is what jose4j does on every verify. */
    @Benchmark
    public boolean rawJcaVerifyNewInstance() throws GeneralSecurityException {
        Signature jca = Signature.getInstance(JCA_ALGORITHM);
        jca.initVerify(publicKey);
        jca.update(signingInput);
        return jca.verify(signature);
    }

    /** What {@code VerificationService} does per request once the provider and its cached keys are known. */
    @Benchmark
    public MappedIdentity pipeline() throws TokenRejectedException {
        return verifyAndMap(token);
    }

    /** The structural checks and untrusted decode alone: the pipeline's work that is not RSA. */
    @Benchmark
    public UnverifiedToken parseOnly() throws TokenRejectedException {
        return verifier.parse(token);
    }

    private MappedIdentity verifyAndMap(String jwt) throws TokenRejectedException {
        UnverifiedToken parsed = verifier.parse(jwt);
        PublicJsonWebKey key = verifier.selectKey(parsed, keys)
                .orElseThrow(() -> new IllegalStateException("kid not in the cached key set"));
        // Built per request in the service too; a provider registered without allowed_algorithms gets them all.
        VerificationPolicy policy = new VerificationPolicy(issuer, projectId, SignatureAlgorithms.ASYMMETRIC, CLOCK_SKEW_SECONDS);
        verifier.verify(parsed, key, policy, clock.instant());
        // The verified claims are the parsed ones: the service maps its read-only view, as here.
        return ClaimMapper.map(parsed.claimsMap(), CLAIM_MAPPING);
    }

    /** Fails the trial rather than timing something other than a successful, genuinely checked verification. */
    private void requireGenuineVerification() throws Exception {
        CachedSignature cached = new CachedSignature();
        cached.create(this);
        if (!rawJcaVerify(cached) || !rawJcaVerifyNewInstance()) {
            throw new IllegalStateException("raw JCA rejects the token");
        }
        MappedIdentity identity = verifyAndMap(token);
        if (!userId.equals(identity.userId()) || !EMAIL.equals(identity.email())) {
            throw new IllegalStateException("pipeline mapped " + identity);
        }
        String[] segments = token.split("\\.");
        char[] sig = segments[2].toCharArray();
        sig[sig.length / 2] = sig[sig.length / 2] == 'A' ? 'B' : 'A';
        try {
            verifyAndMap(segments[0] + "." + segments[1] + "." + new String(sig));
            throw new IllegalStateException("pipeline accepted a token with a tampered signature");
        } catch (TokenRejectedException expected) {
            // the signature is really checked on every call
        }
    }

    private static RsaJsonWebKey signingKey(String kid) throws Exception {
        RsaJsonWebKey key = RsaJwkGenerator.generateJwk(2048);
        key.setKeyId(kid);
        key.setAlgorithm(AlgorithmIdentifiers.RSA_USING_SHA256);
        key.setUse("sig");
        return key;
    }

    /** Claims shaped like a Stytch session JWT. Lifetime is an hour, not Stytch's five minutes, so long runs stay valid. */
    private JwtClaims stytchSessionClaims(Instant now) {
        NumericDate issuedAt = NumericDate.fromSeconds(now.getEpochSecond());
        Map<String, Object> emailFactor = new LinkedHashMap<>();
        emailFactor.put("email_id", "email-test-" + UUID.randomUUID());
        emailFactor.put("email_address", EMAIL);
        Map<String, Object> factor = new LinkedHashMap<>();
        factor.put("type", "magic_link");
        factor.put("delivery_method", "email");
        factor.put("last_authenticated_at", now.toString());
        factor.put("email_factor", emailFactor);
        Map<String, Object> session = new LinkedHashMap<>();
        session.put("id", "session-test-" + UUID.randomUUID());
        session.put("started_at", now.toString());
        session.put("last_accessed_at", now.toString());
        session.put("expires_at", now.plusSeconds(3600).toString());
        session.put("attributes", Map.of("user_agent", "", "ip_address", ""));
        session.put("authentication_factors", List.of(factor));

        JwtClaims claims = new JwtClaims();
        claims.setIssuer(issuer);
        claims.setClaim("aud", List.of(projectId));
        claims.setSubject(userId);
        claims.setIssuedAt(issuedAt);
        claims.setNotBefore(issuedAt);
        claims.setExpirationTime(NumericDate.fromSeconds(now.getEpochSecond() + 3600));
        claims.setClaim(SESSION_CLAIM, session);
        return claims;
    }

    private static String sign(RsaJsonWebKey key, JwtClaims claims) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.getPrivateKey());
        jws.setKeyIdHeaderValue(key.getKeyId());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        jws.setHeader("typ", "JWT");
        return jws.getCompactSerialization();
    }

    private static String jwks(RsaJsonWebKey... published) {
        List<Map<String, Object>> entries = Arrays.stream(published)
                .map(k -> k.toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY))
                .toList();
        return JsonUtil.toJson(Map.of("keys", entries));
    }
}
