-- Packed lists (zerodb-service/README.md, "Packed lists"): once a namespace's rows are all assigned to its
-- current centroids, index maintenance writes each list's entries (ids and sign codes) into one row, and a
-- search of a project-wide caller reads its probed lists as a few packed rows and ranks their codes in the
-- service, instead of PostgreSQL reading, scoring and sorting every entry of those lists row by row.
--
-- What a pack holds is fixed by a write number: every code row carries the number its last write drew
-- (`written`), and the packs of a namespace hold exactly its rows of the packed version whose number is at most
-- `ivf_packed_through`. Rows written later (new, replaced, reassigned) are the tail, read from the rows as
-- before; a pack entry whose row was deleted or moved meanwhile finds no vector when the candidates' vectors are
-- read, so it is dropped there.

-- A write number is drawn only by a transaction that already has a transaction id, so a packer that waits for
-- every transaction id below its snapshot's xmax to finish knows that no row with a smaller number can still
-- commit (VectorIndexRepository.packWatermark).
CREATE SEQUENCE vector_codes_written AS bigint;
CREATE FUNCTION vector_codes_next_written() RETURNS bigint LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_current_xact_id();
    RETURN nextval('public.vector_codes_written');
END
$$;
ALTER TABLE vector_codes ADD COLUMN written bigint NOT NULL DEFAULT vector_codes_next_written();
-- The tail of a namespace: its rows written after its packs.
CREATE INDEX vector_codes_written_tail ON vector_codes (project_id, namespace, written);

-- The packed version and write number (0: no packs; searches read the lists' rows as before).
ALTER TABLE namespaces
    ADD COLUMN ivf_packed_version integer NOT NULL DEFAULT 0 CHECK (ivf_packed_version >= 0),
    ADD COLUMN ivf_packed_through bigint  NOT NULL DEFAULT 0 CHECK (ivf_packed_through >= 0);

-- One row per list of a packing: its entries (the rows whose nearest or second nearest list it is) in id order,
-- their ids back to back (each a two-byte big-endian length and that many bytes of UTF-8: the service decodes only
-- the ids of the entries it keeps) and their codes in the same order (each the bytes of its bit string, ceil(dims / 8),
-- first component in the high bit of the first byte). platform-vectors' PackedCodes reads them.
CREATE TABLE vector_list_packs (
    project_id     uuid    NOT NULL,
    namespace      text    NOT NULL,
    packed_through bigint  NOT NULL CHECK (packed_through > 0),
    list           integer NOT NULL CHECK (list >= 0),
    entries        integer NOT NULL CHECK (entries > 0),
    ids            bytea   NOT NULL,
    codes          bytea   NOT NULL,
    PRIMARY KEY (project_id, namespace, packed_through, list),
    FOREIGN KEY (project_id, namespace) REFERENCES namespaces (project_id, namespace)
);
-- Codes are not compressible: keep them out of pglz.
ALTER TABLE vector_list_packs ALTER COLUMN codes SET STORAGE EXTERNAL;

-- ---------------------------------------------------------------------------------------------
-- Row-level security (the settings and their meaning as in V1)
-- ---------------------------------------------------------------------------------------------
DO $$
DECLARE
    in_project constant text := 'project_id = (SELECT nullif(current_setting(''app.project_id'', true), '''')::uuid)';
    project_wide constant text := '(SELECT current_setting(''app.rls_mode'', true)) = ''project''';
    reads_project constant text := '(SELECT current_setting(''app.rls_mode'', true)) IN (''project'', ''owner_write'')';
BEGIN
    ALTER TABLE vector_list_packs ENABLE ROW LEVEL SECURITY;
    ALTER TABLE vector_list_packs FORCE ROW LEVEL SECURITY;
    -- A pack names every owner's vectors of its lists: only the modes that read the whole project read packs
    -- (a strict end user searches their own slice of the rows, never packs). Written and retired by index
    -- maintenance, in mode project for that project only.
    EXECUTE format('CREATE POLICY vector_list_packs_read ON vector_list_packs FOR SELECT USING (%s AND %s)', in_project, reads_project);
    EXECUTE format('CREATE POLICY vector_list_packs_insert ON vector_list_packs FOR INSERT WITH CHECK (%s AND %s)', in_project, project_wide);
    EXECUTE format('CREATE POLICY vector_list_packs_delete ON vector_list_packs FOR DELETE USING (%s AND %s)', in_project, project_wide);
END $$;

GRANT SELECT, INSERT, DELETE ON vector_list_packs TO ${app_role};
GRANT UPDATE (ivf_packed_version, ivf_packed_through) ON namespaces TO ${app_role};
-- nextval for the write numbers of the rows it writes.
GRANT USAGE ON SEQUENCE vector_codes_written TO ${app_role};
