-- Issue 11: owner ids qualified by provider, and per-provider token requirements.
-- Runs as the owner role, like V1.

-- Prefix of the owner id (RLS owner, user deny-list key) of this provider's users: '' keeps the
-- user id unqualified (legacy), '<provider id>:' qualifies it. The oldest provider of each project
-- keeps '' so rows its users already own stay theirs; every other provider, existing or new, is
-- qualified, so equal user ids of two providers never name the same owner.
ALTER TABLE providers ADD COLUMN owner_qualifier text;
UPDATE providers p SET owner_qualifier = CASE
    WHEN p.id = (SELECT o.id FROM providers o WHERE o.project_id = p.project_id ORDER BY o.created_at, o.id LIMIT 1)
        THEN ''
    ELSE p.id::text || ':'
END;
ALTER TABLE providers ALTER COLUMN owner_qualifier SET NOT NULL;

-- When the provider took its current issuer: registration, or the PATCH that changed the issuer.
-- Without X-Project-ID a token goes to the registration that holds its issuer longest, so an old
-- provider cannot take another project's issuer by changing its own issuer to it.
ALTER TABLE providers ADD COLUMN issuer_since timestamptz;
UPDATE providers SET issuer_since = created_at;
ALTER TABLE providers ALTER COLUMN issuer_since SET NOT NULL, ALTER COLUMN issuer_since SET DEFAULT now();
DROP INDEX providers_issuer_idx;
CREATE INDEX providers_issuer_idx ON providers (issuer, issuer_since, id);

-- Claims (name -> exact string/boolean/number value) and the JOSE header typ a token must carry to
-- count as this provider's end-user session (other tokens may share its issuer and audience).
ALTER TABLE providers
    ADD COLUMN required_claims     jsonb NOT NULL DEFAULT '{}'::jsonb,
    ADD COLUMN required_header_typ text;

-- Table-level grants cover the new columns; restated so the runtime role's rights read in one place.
GRANT SELECT, INSERT, UPDATE, DELETE ON providers TO ${app_role};
