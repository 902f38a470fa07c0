package studio.ainative.identity.security;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.InsecureSecretKeyAccess;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.AesGcmKey;
import com.google.crypto.tink.aead.AesGcmParameters;
import com.google.crypto.tink.util.SecretBytes;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import studio.ainative.identity.config.IdentityConfig;

/**
 * Encrypts provider API secrets at rest with Tink's AES-256-GCM over the configured
 * {@link SecretKeyRing}: the first key encrypts, every key decrypts, so a key is rotated by putting
 * a new one first, re-encrypting the stored secrets and then dropping the old one.
 *
 * <p>Stored forms, told apart by the first byte:
 * <ul>
 * <li>{@code 2 || Tink ciphertext}: {@code 0x01 || key id (4) || nonce (12) || ciphertext+tag}. The key
 * id is derived from the key itself, so it stays the same whatever the key's place in the ring.</li>
 * <li>{@code 1 || nonce (12) || ciphertext+tag}: the envelope written before the key ring (one key),
 * still read with any key of the ring.</li>
 * </ul>
 * Either way the associated data binds a ciphertext to its provider row, so a secret copied onto
 * another provider does not decrypt. Built at start-up, so a bad key ring stops the service there.
 */
@Startup
@ApplicationScoped
public class SecretCipher {

    static final byte LEGACY_FORMAT = 1;
    static final byte KEY_RING_FORMAT = 2;
    private static final int KEY_ID_PREFIX_BYTES = 5;

    private final Aead ring;
    private final Aead legacy;
    private final byte[] primaryPrefix;

    @Inject
    public SecretCipher(IdentityConfig config) {
        this(SecretKeyRing.parse(config.secrets().keys()));
    }

    public SecretCipher(SecretKeyRing keys) {
        try {
            AeadConfig.register();
            KeysetHandle prefixed = keyset(keys.keys(), AesGcmParameters.Variant.TINK);
            this.ring = prefixed.getPrimitive(RegistryConfiguration.get(), Aead.class);
            this.legacy = keyset(keys.keys(), AesGcmParameters.Variant.NO_PREFIX).getPrimitive(RegistryConfiguration.get(), Aead.class);
            this.primaryPrefix = ((AesGcmKey) prefixed.getPrimary().getKey()).getOutputPrefix().toByteArray();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(SecretKeyRing.PROPERTY + " cannot be used: " + e.getMessage());
        }
    }

    public byte[] encrypt(String plaintext, String associatedData) {
        try {
            byte[] sealed = ring.encrypt(plaintext.getBytes(StandardCharsets.UTF_8), associatedData.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[1 + sealed.length];
            out[0] = KEY_RING_FORMAT;
            System.arraycopy(sealed, 0, out, 1, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("encryption failed", e);
        }
    }

    public String decrypt(byte[] stored, String associatedData) {
        if (stored == null || stored.length < 2 || (stored[0] != KEY_RING_FORMAT && stored[0] != LEGACY_FORMAT)) {
            throw new UndecryptableSecretException("unknown secret format");
        }
        Aead aead = stored[0] == KEY_RING_FORMAT ? ring : legacy;
        try {
            byte[] plain = aead.decrypt(Arrays.copyOfRange(stored, 1, stored.length), associatedData.getBytes(StandardCharsets.UTF_8));
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new UndecryptableSecretException("no configured key decrypts the secret");
        }
    }

    /** Whether the stored secret is already in the current form under the primary key. */
    public boolean isUnderPrimaryKey(byte[] stored) {
        return stored.length > 1 + KEY_ID_PREFIX_BYTES && stored[0] == KEY_RING_FORMAT
                && Arrays.equals(stored, 1, 1 + KEY_ID_PREFIX_BYTES, primaryPrefix, 0, KEY_ID_PREFIX_BYTES);
    }

    /** The same secret, encrypted under the primary key. */
    public byte[] reencrypt(byte[] stored, String associatedData) {
        return encrypt(decrypt(stored, associatedData), associatedData);
    }

    private static KeysetHandle keyset(List<byte[]> keys, AesGcmParameters.Variant variant) throws GeneralSecurityException {
        AesGcmParameters parameters = AesGcmParameters.builder()
                .setKeySizeBytes(SecretKeyRing.KEY_BYTES).setIvSizeBytes(12).setTagSizeBytes(16).setVariant(variant).build();
        KeysetHandle.Builder keyset = KeysetHandle.newBuilder();
        for (byte[] raw : keys) {
            boolean prefixed = variant != AesGcmParameters.Variant.NO_PREFIX;
            AesGcmKey key = AesGcmKey.builder().setParameters(parameters)
                    .setKeyBytes(SecretBytes.copyFrom(raw, InsecureSecretKeyAccess.get()))
                    .setIdRequirement(prefixed ? keyId(raw) : null)
                    .build();
            KeysetHandle.Builder.Entry entry = KeysetHandle.importKey(key);
            if (!prefixed) {
                entry.withFixedId(keyId(raw));
            }
            if (keyset.size() == 0) {
                entry.makePrimary();
            }
            keyset.addEntry(entry);
        }
        return keyset.build();
    }

    /** A key's id in the ciphertext prefix: from the key itself, so the ring's order does not matter. */
    private static int keyId(byte[] key) throws GeneralSecurityException {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update("identity provider secrets key id\n".getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(sha256.digest(key)).getInt();
    }
}
