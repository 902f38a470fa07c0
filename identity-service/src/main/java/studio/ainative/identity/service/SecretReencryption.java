package studio.ainative.identity.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import studio.ainative.identity.config.IdentityConfig;
import studio.ainative.identity.repository.ProviderRepository;
import studio.ainative.identity.repository.ProviderRepository.StoredSecret;
import studio.ainative.identity.security.SecretCipher;
import studio.ainative.identity.security.UndecryptableSecretException;

/**
 * Re-encrypts every stored provider secret under the primary key of the ring, so that older keys can
 * then be dropped from {@code identity.secrets.keys}. Walks the providers by id in batches of
 * {@code identity.secrets.reencrypt-batch-size}, one transaction each; secrets already under the
 * primary key are only checked (a second run re-encrypts nothing), secrets no key opens are counted
 * as failed and left as they are. Never returns or logs a secret.
 */
@ApplicationScoped
public class SecretReencryption {

    /** What one run did. */
    public record Result(int reencrypted, int failed) {
        Result plus(int moreReencrypted, int moreFailed) {
            return new Result(reencrypted + moreReencrypted, failed + moreFailed);
        }
    }

    private record Replacement(StoredSecret stored, byte[] ciphertext) {
    }

    private static final Logger LOG = Logger.getLogger(SecretReencryption.class);

    private final Pool pool;
    private final ProviderRepository providers;
    private final SecretCipher cipher;
    private final int batchSize;

    public SecretReencryption(Pool pool, ProviderRepository providers, SecretCipher cipher, IdentityConfig config) {
        this.pool = pool;
        this.providers = providers;
        this.cipher = cipher;
        this.batchSize = config.secrets().reencryptBatchSize();
    }

    public Uni<Result> reencryptAll() {
        return batchesFrom(null, new Result(0, 0)).invoke(result -> LOG.infof(
                "provider secrets re-encrypted under the primary key: %d; not decryptable: %d", result.reencrypted(), result.failed()));
    }

    private Uni<Result> batchesFrom(UUID after, Result sofar) {
        return providers.secretsAfter(after, batchSize).chain(batch -> {
            if (batch.isEmpty()) {
                return Uni.createFrom().item(sofar);
            }
            List<Replacement> replacements = new ArrayList<>(batch.size());
            int failed = 0;
            for (StoredSecret stored : batch) {
                String associatedData = stored.providerId().toString();
                try {
                    if (cipher.isUnderPrimaryKey(stored.ciphertext())) {
                        cipher.decrypt(stored.ciphertext(), associatedData); // still readable: nothing to do
                    } else {
                        replacements.add(new Replacement(stored, cipher.reencrypt(stored.ciphertext(), associatedData)));
                    }
                } catch (UndecryptableSecretException e) {
                    failed++;
                    LOG.warnf("provider %s: stored API secret not re-encrypted (%s)", stored.providerId(), e.getMessage());
                }
            }
            int failedInBatch = failed;
            UUID last = batch.get(batch.size() - 1).providerId();
            return write(replacements).chain(written -> {
                Result next = sofar.plus(written, failedInBatch);
                return batch.size() < batchSize ? Uni.createFrom().item(next) : batchesFrom(last, next);
            });
        });
    }

    private Uni<Integer> write(List<Replacement> replacements) {
        if (replacements.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return pool.withTransaction(tx -> Multi.createFrom().iterable(replacements)
                .onItem().transformToUniAndConcatenate(r -> providers.replaceSecret(tx, r.stored().providerId(),
                        r.stored().ciphertext(), r.ciphertext()))
                .collect().asList()
                .map(replaced -> (int) replaced.stream().filter(Boolean::booleanValue).count()));
    }
}
