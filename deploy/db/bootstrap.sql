-- Database bootstrap for one service database: the service's two roles and the database itself.
--
-- Every service follows the same pattern (ARCHITECTURE.md, "Row-level security"):
--   <service>_owner  LOGIN, owns the database and its schema, runs the Flyway migrations;
--   <service>_app    LOGIN, the runtime role: not the owner, NOSUPERUSER, NOBYPASSRLS, so
--                    FORCE ROW LEVEL SECURITY applies to it; may use the schema, not create in
--                    it; the migrations grant it its table privileges.
--
-- Run once per database as a superuser, e.g. for identity-service's runtime database:
--   psql -h 127.0.0.1 -U postgres -d postgres -v ON_ERROR_STOP=1 \
--        -v service=identity -v database=identity \
--        -v owner_password=... -v app_password=... -f deploy/db/bootstrap.sql
-- and again with -v database=identity_test for the test database (same roles).
-- Re-running it is a no-op: roles and the database are created or altered only when missing or
-- different, and the grants it repeats are already in place.
-- Passwords are set when a role is created and never changed here afterwards.

\set QUIET on
SET client_min_messages = warning;

\if :{?service}
\else
  DO $$ BEGIN RAISE EXCEPTION 'bootstrap.sql needs -v service=NAME (e.g. identity)'; END $$;
\endif
\if :{?database}
\else
  DO $$ BEGIN RAISE EXCEPTION 'bootstrap.sql needs -v database=NAME (e.g. identity)'; END $$;
\endif
\if :{?owner_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'bootstrap.sql needs -v owner_password=...'; END $$;
\endif
\if :{?app_password}
\else
  DO $$ BEGIN RAISE EXCEPTION 'bootstrap.sql needs -v app_password=...'; END $$;
\endif

\set owner_role :service _owner
\set app_role :service _app

-- Roles: created with their password, then held to the attributes the design relies on.
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', r.name, r.password)
  FROM (VALUES (:'owner_role', :'owner_password'), (:'app_role', :'app_password')) AS r(name, password)
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r.name)
\gexec

SELECT format('ALTER ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS', rolname)
  FROM pg_roles
 WHERE rolname IN (:'owner_role', :'app_role')
   AND (NOT rolcanlogin OR rolsuper OR rolcreatedb OR rolcreaterole OR rolreplication OR rolbypassrls)
\gexec

-- The runtime role must never be able to act as the owner.
SELECT format('REVOKE %I FROM %I', :'owner_role', :'app_role')
 WHERE pg_has_role(:'app_role', :'owner_role', 'MEMBER')
\gexec

-- Database, owned by the owner role (CREATE DATABASE cannot run inside a DO block).
SELECT format('CREATE DATABASE %I OWNER %I ENCODING %L TEMPLATE template0', :'database', :'owner_role', 'UTF8')
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'database')
\gexec

SELECT format('ALTER DATABASE %I OWNER TO %I', :'database', :'owner_role')
  FROM pg_database
 WHERE datname = :'database' AND datdba <> (SELECT oid FROM pg_roles WHERE rolname = :'owner_role')
\gexec

-- Only this service's roles may connect; other services' roles get nothing here.
SELECT format('REVOKE ALL ON DATABASE %I FROM PUBLIC', :'database')
\gexec
SELECT format('GRANT CONNECT ON DATABASE %I TO %I', :'database', :'app_role')
\gexec

-- Inside the database: the owner owns the schema, the app role may use it but not create in it.
\connect :"database"
SET client_min_messages = warning;

SELECT format('ALTER SCHEMA public OWNER TO %I', :'owner_role')
  FROM pg_namespace
 WHERE nspname = 'public' AND nspowner <> (SELECT oid FROM pg_roles WHERE rolname = :'owner_role')
\gexec

-- Table privileges are not granted here: each service's migrations grant the runtime role
-- exactly what every table needs (an append-only audit log gets SELECT, INSERT and no more).
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app_role";
