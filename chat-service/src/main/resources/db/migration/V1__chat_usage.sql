-- chat-service schema: one usage record per completion. Runs as the owner role; the runtime role
-- ${app_role} may read and append records and nothing else (no UPDATE, no DELETE: usage is a ledger).
--
-- Each request's transaction first sets, with set_config(..., true) (platform-auth's RlsTransactions):
--   app.project_id  the caller's project (always)
--   app.user_id     an end user's owner id (provider-qualified); '' for an API key
--   app.rls_mode    'user' for an end user (always strict: a user's usage is their own), 'project' for an
--                   API key (the whole project's usage)
-- Policies read them with current_setting(..., true): outside such a transaction they are NULL or '' and
-- every policy is false, so a missing context reads and writes nothing (fail closed).

CREATE TABLE usage_records (
    id                uuid PRIMARY KEY,
    project_id        uuid NOT NULL,
    -- the end user's owner id, or 'api_key:<key id>' for a project API key
    owner_id          text NOT NULL CHECK (owner_id <> ''),
    model             text NOT NULL CHECK (length(model) BETWEEN 1 AND 256),
    upstream          text NOT NULL CHECK (length(upstream) BETWEEN 1 AND 128),
    upstream_model    text NOT NULL CHECK (length(upstream_model) BETWEEN 1 AND 256),
    prompt_tokens     integer NOT NULL CHECK (prompt_tokens >= 0),
    completion_tokens integer NOT NULL CHECK (completion_tokens >= 0),
    total_tokens      integer NOT NULL CHECK (total_tokens >= 0),
    latency_ms        integer NOT NULL CHECK (latency_ms >= 0),
    -- the HTTP status the client got (a stream cut short by the upstream records 502)
    status            smallint NOT NULL CHECK (status BETWEEN 100 AND 599),
    streamed          boolean NOT NULL,
    created_at        timestamptz NOT NULL,
    -- the UTC day of created_at, for GET /usage?group_by=day
    usage_day         date NOT NULL
);
-- A caller's range queries: an end user's own rows, a project's rows.
CREATE INDEX usage_records_owner ON usage_records (project_id, owner_id, created_at);
CREATE INDEX usage_records_project ON usage_records (project_id, created_at);

ALTER TABLE usage_records ENABLE ROW LEVEL SECURITY;
ALTER TABLE usage_records FORCE ROW LEVEL SECURITY;

-- Each setting in a scalar subquery: evaluated once per statement, not per row.
CREATE POLICY usage_records_read ON usage_records FOR SELECT
  USING (project_id::text = (SELECT current_setting('app.project_id', true))
         AND ((SELECT current_setting('app.rls_mode', true)) = 'project'
              OR ((SELECT current_setting('app.rls_mode', true)) = 'user'
                  AND owner_id = (SELECT current_setting('app.user_id', true)))));
CREATE POLICY usage_records_append ON usage_records FOR INSERT
  WITH CHECK (project_id::text = (SELECT current_setting('app.project_id', true))
         AND ((SELECT current_setting('app.rls_mode', true)) = 'project'
              OR ((SELECT current_setting('app.rls_mode', true)) = 'user'
                  AND owner_id = (SELECT current_setting('app.user_id', true)))));

GRANT SELECT, INSERT ON usage_records TO ${app_role};
