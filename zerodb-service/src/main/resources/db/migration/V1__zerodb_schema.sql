-- ZeroDB schema. Runs as the owner role; the runtime role ${app_role} gets DML on these tables and
-- nothing else, and every table has ENABLE + FORCE ROW LEVEL SECURITY.
--
-- Each request's transaction first sets, with set_config(..., true):
--   app.project_id  the caller's project (always)
--   app.user_id     the end user's id ('' for an API key)
--   app.rls_mode    'project'      every row of the project (API keys; end users when RLS is off)
--                   'user'         an end user under policy "strict": read and write own rows only
--                   'owner_write'  an end user under policy "owner_write": read the project's rows,
--                                  write own rows only
-- Policies read them with current_setting(..., true): outside such a transaction they are NULL or ''
-- and every policy is false, so a missing context sees and writes nothing (fail closed).

-- ---------------------------------------------------------------------------------------------
-- Per-project RLS setting
-- ---------------------------------------------------------------------------------------------
CREATE TABLE rls_settings (
    project_id    uuid PRIMARY KEY,
    enabled       boolean NOT NULL,
    user_id_claim text NOT NULL CHECK (length(user_id_claim) BETWEEN 1 AND 256),
    policy        text NOT NULL CHECK (policy IN ('strict', 'owner_write')),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- ---------------------------------------------------------------------------------------------
-- Vectors: one dimension per (project, namespace), fixed by the namespace's first vector
-- ---------------------------------------------------------------------------------------------
CREATE TABLE namespaces (
    project_id uuid NOT NULL,
    namespace  text NOT NULL,
    dims       integer NOT NULL CHECK (dims BETWEEN 1 AND 4096),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, namespace)
);

-- The wide row: the float32 vector (little-endian bytea) for exact cosine, the document and metadata.
CREATE TABLE vectors (
    project_id uuid NOT NULL,
    id         text NOT NULL,
    owner_id   text NOT NULL CHECK (owner_id <> ''),
    namespace  text NOT NULL,
    dims       integer NOT NULL CHECK (dims BETWEEN 1 AND 4096),
    embedding  bytea NOT NULL CHECK (length(embedding) = 4 * dims),
    norm       double precision NOT NULL,
    document   text,
    metadata   jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, id),
    FOREIGN KEY (project_id, namespace) REFERENCES namespaces (project_id, namespace)
);
CREATE INDEX vectors_listing ON vectors (project_id, namespace, id);
-- Vectors are read whole and not compressible: keep them out of pglz.
ALTER TABLE vectors ALTER COLUMN embedding SET STORAGE EXTERNAL;

-- The narrow relation the coarse search pass scans: one sign bit per component, nothing else wide.
CREATE TABLE vector_codes (
    project_id uuid NOT NULL,
    id         text NOT NULL,
    owner_id   text NOT NULL CHECK (owner_id <> ''),
    namespace  text NOT NULL,
    code       bit varying(4096) NOT NULL,
    PRIMARY KEY (project_id, id),
    FOREIGN KEY (project_id, id) REFERENCES vectors (project_id, id) ON DELETE CASCADE
);
CREATE INDEX vector_codes_scan ON vector_codes (project_id, namespace);
-- A strict-RLS end user's search also names their owner id, so it reads only their slice.
CREATE INDEX vector_codes_owner_scan ON vector_codes (project_id, namespace, owner_id);

-- ---------------------------------------------------------------------------------------------
-- Tables: one multi-tenant store of JSONB rows, no per-customer DDL
-- ---------------------------------------------------------------------------------------------
CREATE TABLE table_defs (
    project_id  uuid NOT NULL,
    name        text NOT NULL,
    description text,
    owner_id    text NOT NULL CHECK (owner_id <> ''),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (project_id, name)
);

CREATE TABLE table_rows (
    row_id     uuid PRIMARY KEY,
    project_id uuid NOT NULL,
    owner_id   text NOT NULL CHECK (owner_id <> ''),
    table_name text NOT NULL,
    row_data   jsonb NOT NULL CHECK (jsonb_typeof(row_data) = 'object'),
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    FOREIGN KEY (project_id, table_name) REFERENCES table_defs (project_id, name) ON DELETE CASCADE
);
CREATE INDEX table_rows_by_created ON table_rows (project_id, table_name, created_at, row_id);

-- ---------------------------------------------------------------------------------------------
-- Files: content in PostgreSQL as bytea chunks, written in the upload's one transaction
-- ---------------------------------------------------------------------------------------------
CREATE TABLE files (
    file_id      uuid PRIMARY KEY,
    project_id   uuid NOT NULL,
    owner_id     text NOT NULL CHECK (owner_id <> ''),
    file_name    text NOT NULL,
    content_type text NOT NULL,
    size_bytes   bigint NOT NULL CHECK (size_bytes >= 0),
    sha256       text NOT NULL,
    chunk_count  integer NOT NULL CHECK (chunk_count >= 0),
    metadata     jsonb NOT NULL DEFAULT '{}'::jsonb,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX files_listing ON files (project_id, created_at, file_id);

CREATE TABLE file_chunks (
    file_id    uuid NOT NULL REFERENCES files (file_id) ON DELETE CASCADE,
    seq        integer NOT NULL CHECK (seq >= 0),
    project_id uuid NOT NULL,
    owner_id   text NOT NULL CHECK (owner_id <> ''),
    data       bytea NOT NULL,
    PRIMARY KEY (file_id, seq)
);
ALTER TABLE file_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- ---------------------------------------------------------------------------------------------
-- Row-level security on every table
-- ---------------------------------------------------------------------------------------------
DO $$
DECLARE
    -- Each setting is read in a scalar subquery, which PostgreSQL evaluates once per statement (an
    -- InitPlan) rather than once per row: a search scans whole namespaces.
    mode       constant text := '(SELECT current_setting(''app.rls_mode'', true))';
    me         constant text := '(SELECT nullif(current_setting(''app.user_id'', true), ''''))';
    -- The caller's project; NULL (so nothing matches) when unset or empty.
    in_project constant text := 'project_id = (SELECT nullif(current_setting(''app.project_id'', true), '''')::uuid)';
    any_mode   constant text := mode || ' IN (''project'', ''user'', ''owner_write'')';
    -- Rows a caller may read: the whole project, except an end user under "strict" reads own rows only.
    can_read   constant text := '(' || mode || ' IN (''project'', ''owner_write'') OR (' || mode || ' = ''user'' AND owner_id = ' || me || '))';
    -- Rows a caller may write: the whole project in mode project, else own rows only.
    can_write  constant text := '(' || mode || ' = ''project'' OR (' || mode || ' IN (''user'', ''owner_write'') AND owner_id = ' || me || '))';
    -- Project-level definitions (tables) change only in mode project.
    project_wide constant text := mode || ' = ''project''';
    -- The RLS setting itself: API keys only (mode project and no end user).
    api_key    constant text := '(' || mode || ' = ''project'' AND ' || me || ' IS NULL)';
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['rls_settings', 'namespaces', 'vectors', 'vector_codes', 'table_defs', 'table_rows',
                             'files', 'file_chunks'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    END LOOP;

    -- Owned rows: read per mode, write own rows unless mode project.
    FOREACH t IN ARRAY ARRAY['vectors', 'vector_codes', 'table_rows', 'files', 'file_chunks'] LOOP
        EXECUTE format('CREATE POLICY %I ON %I FOR SELECT USING (%s AND %s)', t || '_read', t, in_project, can_read);
        EXECUTE format('CREATE POLICY %I ON %I FOR INSERT WITH CHECK (%s AND %s)', t || '_insert', t, in_project, can_write);
        EXECUTE format('CREATE POLICY %I ON %I FOR UPDATE USING (%s AND %s) WITH CHECK (%s AND %s)', t || '_update', t,
                       in_project, can_write, in_project, can_write);
        EXECUTE format('CREATE POLICY %I ON %I FOR DELETE USING (%s AND %s)', t || '_delete', t, in_project, can_write);
    END LOOP;

    -- Namespaces: shared by the project; the first vector of any caller fixes the dimension.
    EXECUTE format('CREATE POLICY namespaces_read ON namespaces FOR SELECT USING (%s AND %s)', in_project, any_mode);
    EXECUTE format('CREATE POLICY namespaces_insert ON namespaces FOR INSERT WITH CHECK (%s AND %s)', in_project, any_mode);

    -- Table definitions: every caller of the project reads them; mode project creates and drops them.
    EXECUTE format('CREATE POLICY table_defs_read ON table_defs FOR SELECT USING (%s AND %s)', in_project, any_mode);
    EXECUTE format('CREATE POLICY table_defs_insert ON table_defs FOR INSERT WITH CHECK (%s AND %s)', in_project, project_wide);
    EXECUTE format('CREATE POLICY table_defs_update ON table_defs FOR UPDATE USING (%s AND %s) WITH CHECK (%s AND %s)',
                   in_project, project_wide, in_project, project_wide);
    EXECUTE format('CREATE POLICY table_defs_delete ON table_defs FOR DELETE USING (%s AND %s)', in_project, project_wide);

    -- RLS setting: every caller of the project reads it (their mode depends on it); API keys write it.
    EXECUTE format('CREATE POLICY rls_settings_read ON rls_settings FOR SELECT USING (%s AND %s)', in_project, any_mode);
    EXECUTE format('CREATE POLICY rls_settings_insert ON rls_settings FOR INSERT WITH CHECK (%s AND %s)', in_project, api_key);
    EXECUTE format('CREATE POLICY rls_settings_update ON rls_settings FOR UPDATE USING (%s AND %s) WITH CHECK (%s AND %s)',
                   in_project, api_key, in_project, api_key);
END $$;

-- ---------------------------------------------------------------------------------------------
-- The runtime role: DML only, no ownership, no DDL
-- ---------------------------------------------------------------------------------------------
GRANT SELECT, INSERT, UPDATE, DELETE ON vectors, vector_codes, table_defs, table_rows, files, file_chunks TO ${app_role};
GRANT SELECT, INSERT ON namespaces TO ${app_role};
GRANT SELECT, INSERT, UPDATE ON rls_settings TO ${app_role};
