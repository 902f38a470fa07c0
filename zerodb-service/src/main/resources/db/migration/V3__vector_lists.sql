-- IVF-style partitioning of a namespace's codes (zerodb-service/README.md, "Vector search on core
-- PostgreSQL"): once a namespace grows past zerodb.search.ivf.train-threshold vectors, the service
-- trains centroids on a sample (spherical k-means), stores them here as a new version, and each code
-- row records the version and list (nearest centroid) it was assigned with. A search probes the
-- nprobe lists nearest the query among rows of the namespace's current version and scans every row of
-- any other version (assigned before a retrain, or by a replica that had not seen it yet) in full,
-- so no vector is ever hidden by a retrain while it is being reassigned.

-- The namespace's current centroid version (0: none, every search scans the namespace flat), its
-- number of lists and how many vectors it held when trained (a retrain comes when it has grown
-- zerodb.search.ivf.retrain-growth times).
ALTER TABLE namespaces
    ADD COLUMN ivf_version       integer NOT NULL DEFAULT 0 CHECK (ivf_version >= 0),
    ADD COLUMN ivf_lists         integer NOT NULL DEFAULT 0 CHECK (ivf_lists >= 0),
    ADD COLUMN ivf_trained_count bigint  NOT NULL DEFAULT 0 CHECK (ivf_trained_count >= 0);

-- The centroids of each version: unit-length float32 vectors (little-endian bytea), list 0..lists-1.
CREATE TABLE vector_centroids (
    project_id uuid NOT NULL,
    namespace  text NOT NULL,
    version    integer NOT NULL CHECK (version > 0),
    list       integer NOT NULL CHECK (list >= 0),
    centroid   bytea NOT NULL,
    PRIMARY KEY (project_id, namespace, version, list),
    FOREIGN KEY (project_id, namespace) REFERENCES namespaces (project_id, namespace)
);
ALTER TABLE vector_centroids ALTER COLUMN centroid SET STORAGE EXTERNAL;

-- Each code's assignment: the version, its nearest list and its second nearest (a vector is stored in
-- both, so a search probing either finds it); (0, 0, 0) before the namespace has centroids.
ALTER TABLE vector_codes
    ADD COLUMN list_version integer NOT NULL DEFAULT 0,
    ADD COLUMN list         integer NOT NULL DEFAULT 0,
    ADD COLUMN list2        integer NOT NULL DEFAULT 0;
-- The probed lists of the current version, and the rows of any other version, are index ranges of this.
-- It covers what the coarse pass and the read policy use (owner_id, code, id), so a search reads its lists
-- from the index alone (index-only scans, pages all-visible after VACUUM). It also serves the flat scan of a
-- namespace, so the (project_id, namespace) index goes.
CREATE INDEX vector_codes_lists ON vector_codes (project_id, namespace, list_version, list) INCLUDE (owner_id, id, code);
CREATE INDEX vector_codes_lists2 ON vector_codes (project_id, namespace, list_version, list2) INCLUDE (owner_id, id, code, list);
DROP INDEX vector_codes_scan;

-- ---------------------------------------------------------------------------------------------
-- Row-level security (the settings and their meaning as in V1)
-- ---------------------------------------------------------------------------------------------
DO $$
DECLARE
    mode       constant text := '(SELECT current_setting(''app.rls_mode'', true))';
    in_project constant text := 'project_id = (SELECT nullif(current_setting(''app.project_id'', true), '''')::uuid)';
    any_mode   constant text := mode || ' IN (''project'', ''user'', ''owner_write'')';
    project_wide constant text := mode || ' = ''project''';
BEGIN
    -- vector_codes' read policy: V1's rule, in a form a scan evaluates more cheaply. Whether the mode reads the
    -- whole project, and whose rows mode "user" reads, are each one value per statement (InitPlans), so a row
    -- costs a project comparison and, under strict RLS only, an owner comparison; V1's form compared the mode
    -- text two to three times per row, and a search scans whole lists of a namespace.
    DROP POLICY vector_codes_read ON vector_codes;
    EXECUTE format('CREATE POLICY vector_codes_read ON vector_codes FOR SELECT USING (%s AND (%s OR owner_id = %s))', in_project,
                   '(SELECT current_setting(''app.rls_mode'', true) IN (''project'', ''owner_write''))',
                   '(SELECT CASE WHEN current_setting(''app.rls_mode'', true) = ''user'' '
                   || 'THEN nullif(current_setting(''app.user_id'', true), '''') END)');

    ALTER TABLE vector_centroids ENABLE ROW LEVEL SECURITY;
    ALTER TABLE vector_centroids FORCE ROW LEVEL SECURITY;
    -- Every caller of the project reads them (an upsert of any caller assigns its vectors a list); they
    -- are written by the service's index maintenance, which runs in mode project for that project only.
    EXECUTE format('CREATE POLICY vector_centroids_read ON vector_centroids FOR SELECT USING (%s AND %s)', in_project, any_mode);
    EXECUTE format('CREATE POLICY vector_centroids_insert ON vector_centroids FOR INSERT WITH CHECK (%s AND %s)', in_project, project_wide);
    EXECUTE format('CREATE POLICY vector_centroids_delete ON vector_centroids FOR DELETE USING (%s AND %s)', in_project, project_wide);
    -- A namespace's index state changes in mode project only (index maintenance).
    EXECUTE format('CREATE POLICY namespaces_update ON namespaces FOR UPDATE USING (%s AND %s) WITH CHECK (%s AND %s)',
                   in_project, project_wide, in_project, project_wide);
END $$;

-- The runtime role: the centroids it stores and retires, and the index columns of a namespace only
-- (never its dimension).
GRANT SELECT, INSERT, DELETE ON vector_centroids TO ${app_role};
GRANT UPDATE (ivf_version, ivf_lists, ivf_trained_count) ON namespaces TO ${app_role};
