-- The runtime role ${app_role} keeps only the privileges the service's own statements use (see the
-- repositories). Code rows and file chunks go with their vector or file by ON DELETE CASCADE, which
-- PostgreSQL runs with the table owner's rights; file chunks and table definitions are never updated.
-- V1 is left as it was: its checksum is recorded wherever it ran.
REVOKE DELETE ON vector_codes FROM ${app_role};
REVOKE UPDATE, DELETE ON file_chunks FROM ${app_role};
REVOKE UPDATE ON table_defs FROM ${app_role};
