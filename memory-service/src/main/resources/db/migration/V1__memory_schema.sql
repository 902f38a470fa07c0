-- ZeroMemory schema. Runs as the owner role; the runtime role ${app_role} gets DML on these tables and
-- nothing else, and every table has ENABLE + FORCE ROW LEVEL SECURITY.
--
-- Each request's transaction first sets, with set_config(..., true) (platform-auth's RlsTransactions):
--   app.project_id  the caller's project (always)
--   app.user_id     the one owner the request works for: the end user's owner id, the user_id an API key
--                   names, or 'api_key:project' (an API key's project-wide memories)
--   app.rls_mode    'user', always: memory has no project-wide or owner_write reads, an end user is
--                   strict whatever the project's ZeroDB setting says
-- Policies read them with current_setting(..., true): outside such a transaction they are NULL or ''
-- and every policy is false, so a missing context sees and writes nothing (fail closed).

CREATE TABLE memories (
    id               uuid PRIMARY KEY,
    project_id       uuid NOT NULL,
    owner_id         text NOT NULL CHECK (owner_id <> ''),
    entity_name      text NOT NULL CHECK (length(entity_name) BETWEEN 1 AND 256),
    memory_type      text NOT NULL CHECK (memory_type IN ('working', 'episodic', 'semantic')),
    content          text NOT NULL CHECK (content <> ''),
    -- SHA-256 of the content: remembering the same content again for the same owner and entity finds it.
    content_hash     text NOT NULL,
    importance       double precision NOT NULL CHECK (importance BETWEEN 0 AND 1),
    tags             jsonb NOT NULL DEFAULT '[]'::jsonb,
    metadata         jsonb NOT NULL DEFAULT '{}'::jsonb,
    -- float32 little-endian, unit length (MemorySearch reads it)
    embedding        bytea NOT NULL,
    access_count     bigint NOT NULL DEFAULT 0 CHECK (access_count >= 0),
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    last_accessed_at timestamptz NOT NULL,
    CONSTRAINT memories_same_content UNIQUE (project_id, owner_id, entity_name, content_hash)
);
-- Listing newest first, and a user's slice for recall.
CREATE INDEX memories_newest ON memories (project_id, owner_id, created_at DESC, id DESC);
ALTER TABLE memories ALTER COLUMN embedding SET STORAGE EXTERNAL;

ALTER TABLE memories ENABLE ROW LEVEL SECURITY;
ALTER TABLE memories FORCE ROW LEVEL SECURITY;

-- Each setting in a scalar subquery: evaluated once per statement, not per row.
CREATE POLICY memories_own ON memories FOR ALL
  USING (project_id::text = (SELECT current_setting('app.project_id', true))
         AND (SELECT current_setting('app.rls_mode', true)) = 'user'
         AND owner_id = (SELECT current_setting('app.user_id', true)))
  WITH CHECK (project_id::text = (SELECT current_setting('app.project_id', true))
         AND (SELECT current_setting('app.rls_mode', true)) = 'user'
         AND owner_id = (SELECT current_setting('app.user_id', true)));

GRANT SELECT, INSERT, UPDATE, DELETE ON memories TO ${app_role};
