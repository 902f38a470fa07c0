-- Identity service schema. Runs as the owner role; the runtime role ${app_role} gets only the
-- privileges each table needs (the audit log is append-only for it).

CREATE TABLE projects (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id           uuid PRIMARY KEY,
    project_id   uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    name         text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 200),
    prefix       text NOT NULL,
    -- SHA-256 of the whole key; the key itself is shown once and never stored.
    key_hash     bytea NOT NULL UNIQUE CHECK (octet_length(key_hash) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    revoked_at   timestamptz,
    last_used_at timestamptz
);
CREATE INDEX api_keys_project_idx ON api_keys (project_id);

CREATE TABLE providers (
    id                 uuid PRIMARY KEY,
    project_id         uuid NOT NULL REFERENCES projects (id) ON DELETE CASCADE,
    provider           text NOT NULL,
    domain             text,
    client_id          text NOT NULL,
    audience           text NOT NULL,
    jwks_uri           text NOT NULL,
    issuer             text NOT NULL,
    claim_mapping      jsonb NOT NULL,
    allowed_algorithms text[] NOT NULL,
    clock_skew_seconds integer NOT NULL CHECK (clock_skew_seconds BETWEEN 0 AND 300),
    -- AES-256-GCM ciphertext of the provider API secret (nonce || ciphertext || tag).
    api_secret_enc     bytea,
    -- Base URL of the provider's API (session lookups); null = origin of jwks_uri.
    api_base_url       text,
    created_at         timestamptz NOT NULL DEFAULT now(),
    updated_at         timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT providers_project_issuer_key UNIQUE (project_id, issuer)
);
CREATE INDEX providers_issuer_idx ON providers (issuer);

CREATE TABLE audit_log (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    project_id  uuid,
    actor       text NOT NULL,
    action      text NOT NULL,
    target_type text NOT NULL,
    target_id   text NOT NULL,
    details     jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_project_idx ON audit_log (project_id, created_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON projects, api_keys, providers TO ${app_role};
GRANT SELECT, INSERT ON audit_log TO ${app_role};
