package studio.ainative.identity.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import studio.ainative.identity.Provider;

@ApplicationScoped
public class ProviderRepository {

    private static final String COLUMNS = "id, project_id, provider, domain, client_id, audience, jwks_uri, issuer, "
            + "claim_mapping, allowed_algorithms, clock_skew_seconds, api_secret_enc, api_base_url, created_at, updated_at, "
            + "owner_qualifier, required_claims, required_header_typ";

    private final Pool pool;

    public ProviderRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Provider> insert(SqlClient tx, Provider p) {
        return tx.preparedQuery("INSERT INTO providers (" + COLUMNS + ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, now(), now(), $14, $15, $16) "
                        + "RETURNING " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(p.id(), p.projectId(), p.provider(), p.domain(), p.clientId(), p.audience(),
                        p.jwksUri(), p.issuer(), new JsonObject(new LinkedHashMap<>(p.claimMapping())),
                        p.allowedAlgorithms().toArray(String[]::new), p.clockSkewSeconds(), bytes(p.apiSecretEncrypted()), p.apiBaseUrl(),
                        p.ownerQualifier(), new JsonObject(new LinkedHashMap<>(p.requiredClaims())), p.requiredHeaderTyp())))
                .map(rows -> map(rows.iterator().next()));
    }

    public Uni<Provider> update(SqlClient tx, Provider p) {
        return tx.preparedQuery("UPDATE providers SET provider = $3, domain = $4, client_id = $5, audience = $6, jwks_uri = $7, "
                        + "issuer = $8, claim_mapping = $9, allowed_algorithms = $10, clock_skew_seconds = $11, api_secret_enc = $12, api_base_url = $13, "
                        + "required_claims = $14, required_header_typ = $15, "
                        // the right-hand side sees the row before the update: a new issuer restarts its time
                        + "issuer_since = CASE WHEN issuer = $8 THEN issuer_since ELSE now() END, "
                        + "updated_at = now() WHERE id = $1 AND project_id = $2 RETURNING " + COLUMNS)
                .execute(Tuple.from(Arrays.asList(p.id(), p.projectId(), p.provider(), p.domain(), p.clientId(), p.audience(),
                        p.jwksUri(), p.issuer(), new JsonObject(new LinkedHashMap<>(p.claimMapping())),
                        p.allowedAlgorithms().toArray(String[]::new), p.clockSkewSeconds(), bytes(p.apiSecretEncrypted()), p.apiBaseUrl(),
                        new JsonObject(new LinkedHashMap<>(p.requiredClaims())), p.requiredHeaderTyp())))
                .map(rows -> rows.rowCount() == 0 ? null : map(rows.iterator().next()));
    }

    public Uni<Boolean> delete(SqlClient tx, UUID projectId, UUID id) {
        return tx.preparedQuery("DELETE FROM providers WHERE id = $1 AND project_id = $2")
                .execute(Tuple.of(id, projectId))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<Provider> find(UUID projectId, UUID id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM providers WHERE id = $1 AND project_id = $2")
                .execute(Tuple.of(id, projectId))
                .map(ProviderRepository::firstOrNull);
    }

    public Uni<Provider> findForUpdate(SqlClient tx, UUID projectId, UUID id) {
        return tx.preparedQuery("SELECT " + COLUMNS + " FROM providers WHERE id = $1 AND project_id = $2 FOR UPDATE")
                .execute(Tuple.of(id, projectId))
                .map(ProviderRepository::firstOrNull);
    }

    public Uni<List<Provider>> list(UUID projectId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM providers WHERE project_id = $1 ORDER BY created_at, id")
                .execute(Tuple.of(projectId))
                .map(ProviderRepository::all);
    }

    /** Oldest holder of the issuer first: by when each provider took this issuer, then by id. */
    public Uni<List<Provider>> findByIssuer(String issuer) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM providers WHERE issuer = $1 ORDER BY issuer_since, id")
                .execute(Tuple.of(issuer))
                .map(ProviderRepository::all);
    }

    /** Every distinct issuer of every project (IssuerRegistry's set). */
    public Uni<List<String>> issuers() {
        return pool.query("SELECT DISTINCT issuer FROM providers")
                .execute()
                .map(rows -> {
                    List<String> out = new ArrayList<>(rows.rowCount());
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
    }

    /** A stored secret as the re-encryption reads it: the provider's id and its ciphertext. */
    public record StoredSecret(UUID providerId, byte[] ciphertext) {
    }

    /** Up to {@code limit} stored secrets of every project, by provider id, after {@code after} (null: from the start). */
    public Uni<List<StoredSecret>> secretsAfter(UUID after, int limit) {
        return pool.preparedQuery("SELECT id, api_secret_enc FROM providers WHERE api_secret_enc IS NOT NULL "
                        + "AND ($1::uuid IS NULL OR id > $1) ORDER BY id LIMIT $2")
                .execute(Tuple.of(after, limit))
                .map(rows -> {
                    List<StoredSecret> out = new ArrayList<>(rows.rowCount());
                    rows.forEach(r -> out.add(new StoredSecret(r.getUUID("id"), r.getBuffer("api_secret_enc").getBytes())));
                    return out;
                });
    }

    /**
     * Replaces a stored secret with the same secret under another key, only if it is still the
     * ciphertext that was read (a concurrent PATCH wins). The registration's version ({@code updated_at})
     * stays: the secret itself did not change.
     */
    public Uni<Boolean> replaceSecret(SqlClient tx, UUID providerId, byte[] expected, byte[] replacement) {
        return tx.preparedQuery("UPDATE providers SET api_secret_enc = $3 WHERE id = $1 AND api_secret_enc = $2")
                .execute(Tuple.of(providerId, bytes(expected), bytes(replacement)))
                .map(rows -> rows.rowCount() == 1);
    }

    private static io.vertx.core.buffer.Buffer bytes(byte[] value) {
        return value == null ? null : io.vertx.core.buffer.Buffer.buffer(value);
    }

    private static Provider firstOrNull(RowSet<Row> rows) {
        return rows.rowCount() == 0 ? null : map(rows.iterator().next());
    }

    private static List<Provider> all(RowSet<Row> rows) {
        List<Provider> out = new ArrayList<>(rows.rowCount());
        rows.forEach(r -> out.add(map(r)));
        return out;
    }

    private static Provider map(Row r) {
        JsonObject mapping = r.getJsonObject("claim_mapping");
        Map<String, String> claimMapping = new LinkedHashMap<>();
        mapping.forEach(e -> claimMapping.put(e.getKey(), String.valueOf(e.getValue())));
        Buffer secret = r.getBuffer("api_secret_enc");
        return new Provider(
                r.getUUID("id"), r.getUUID("project_id"), r.getString("provider"), r.getString("domain"),
                r.getString("client_id"), r.getString("audience"), r.getString("jwks_uri"), r.getString("issuer"),
                Map.copyOf(claimMapping), List.of(r.getArrayOfStrings("allowed_algorithms")),
                r.getInteger("clock_skew_seconds"), secret == null ? null : secret.getBytes(), r.getString("api_base_url"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("updated_at"), r.getString("owner_qualifier"),
                Collections.unmodifiableMap(new LinkedHashMap<>(r.getJsonObject("required_claims").getMap())),
                r.getString("required_header_typ"));
    }
}
