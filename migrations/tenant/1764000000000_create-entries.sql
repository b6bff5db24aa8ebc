-- Tenant storage, step 1: the entries behind the backend's entries API. Runs as the tenant's own role with
-- search_path set to the tenant's schema, so every name stays unqualified and only built-ins are used.

-- Up Migration

CREATE TABLE entries (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  title text NOT NULL,
  body text NOT NULL DEFAULT '',
  status text NOT NULL DEFAULT 'draft',
  tags text[] NOT NULL DEFAULT '{}',
  author text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- Optimistic concurrency: writers send the version they read; the trigger below bumps it.
  version integer NOT NULL DEFAULT 1,
  -- 'simple' keeps words as written (no stemming, no stop words): tenants write in many languages.
  search tsvector GENERATED ALWAYS AS (
    setweight(to_tsvector('simple', coalesce(title, '')), 'A') ||
    setweight(to_tsvector('simple', coalesce(body, '')), 'B')
  ) STORED,
  -- Named constraints: the backend maps a violation to the field it concerns.
  CONSTRAINT entries_title_length CHECK (char_length(title) BETWEEN 1 AND 200),
  CONSTRAINT entries_body_length CHECK (char_length(body) <= 100000),
  CONSTRAINT entries_status_known CHECK (status IN ('draft', 'published', 'archived')),
  CONSTRAINT entries_tags_count CHECK (cardinality(tags) <= 20),
  CONSTRAINT entries_tags_not_null CHECK (array_position(tags, NULL) IS NULL)
);

CREATE FUNCTION entries_before_update() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.updated_at := now();
  NEW.version := OLD.version + 1;
  RETURN NEW;
END;
$$;

CREATE TRIGGER entries_before_update
BEFORE UPDATE ON entries
FOR EACH ROW EXECUTE FUNCTION entries_before_update();

-- Keyset pagination: each listing order is an index scan that starts right after the last (key, id) seen.
CREATE INDEX entries_created_at_id_idx ON entries (created_at DESC, id DESC);
CREATE INDEX entries_updated_at_id_idx ON entries (updated_at DESC, id DESC);
CREATE INDEX entries_status_created_at_id_idx ON entries (status, created_at DESC, id DESC);
CREATE INDEX entries_author_created_at_id_idx ON entries (author, created_at DESC, id DESC);
CREATE INDEX entries_search_idx ON entries USING gin (search);
CREATE INDEX entries_tags_idx ON entries USING gin (tags);

-- Down Migration

DROP TABLE entries;
DROP FUNCTION entries_before_update();
