-- Master database, step 1: the policy engine — permissions, roles and their grants, tenant memberships, the
-- users seen so far (to bind e-mail memberships to their OIDC subject) and the audit trail of policy changes.

-- Up Migration

CREATE TABLE permissions (
  name text PRIMARY KEY,
  description text NOT NULL DEFAULT '',
  CONSTRAINT permissions_name_format CHECK (name ~ '^[a-z][a-z0-9-]{0,39}:[a-z][a-z0-9-]{0,39}$'),
  CONSTRAINT permissions_description_length CHECK (char_length(description) <= 500)
);

CREATE TABLE roles (
  name text PRIMARY KEY,
  description text NOT NULL DEFAULT '',
  -- Built-in roles are seeded here and cannot be deleted; their grants may still be changed.
  builtin boolean NOT NULL DEFAULT false,
  CONSTRAINT roles_name_format CHECK (name ~ '^[a-z][a-z0-9-]{0,62}$'),
  CONSTRAINT roles_description_length CHECK (char_length(description) <= 500)
);

CREATE TABLE role_permissions (
  role text NOT NULL REFERENCES roles (name) ON DELETE CASCADE,
  permission text NOT NULL REFERENCES permissions (name) ON DELETE RESTRICT,
  PRIMARY KEY (role, permission),
  -- tenants:admin comes from the platform-admins group of the identity provider, never from a tenant role.
  CONSTRAINT role_permissions_not_platform_admin CHECK (permission <> 'tenants:admin')
);
CREATE INDEX role_permissions_permission_idx ON role_permissions (permission);

-- Users as the platform first saw them in a verified token: the bridge from an e-mail address (what
-- spec.admins and invitations name) to the OIDC subject (what every later request carries).
CREATE TABLE users (
  user_id text PRIMARY KEY,
  email text,
  email_verified boolean NOT NULL DEFAULT false,
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX users_verified_email_idx ON users (lower(email)) WHERE email_verified;

-- A membership names its user by OIDC subject (user_id), or, until that user first signs in, by e-mail
-- only (user_id NULL, "pending"). Signing in with a verified e-mail binds the pending rows to the subject.
CREATE TABLE memberships (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id text,
  email text,
  tenant text NOT NULL,
  role text NOT NULL REFERENCES roles (name) ON DELETE RESTRICT,
  -- 'tenant-spec' rows mirror a Tenant's spec.admins and are kept in step with it; 'api' rows are managed by hand.
  source text NOT NULL DEFAULT 'api',
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT memberships_identified CHECK (user_id IS NOT NULL OR email IS NOT NULL),
  CONSTRAINT memberships_source_known CHECK (source IN ('api', 'tenant-spec')),
  CONSTRAINT memberships_user_tenant_role_key UNIQUE (user_id, tenant, role)
);
-- NULL user_ids are distinct for the constraint above, so pending rows get their own uniqueness.
CREATE UNIQUE INDEX memberships_pending_email_tenant_role_key ON memberships (lower(email), tenant, role) WHERE user_id IS NULL;
CREATE INDEX memberships_tenant_idx ON memberships (tenant);
CREATE INDEX memberships_email_idx ON memberships (lower(email));

CREATE TABLE audit_log (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  actor text NOT NULL,
  action text NOT NULL,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  detail jsonb NOT NULL DEFAULT '{}'
);

INSERT INTO permissions (name, description) VALUES
  ('entries:read', 'Read the tenant''s entries'),
  ('entries:write', 'Create, change and delete the tenant''s entries'),
  ('members:manage', 'Add and remove the tenant''s members and change their roles'),
  ('tenants:admin', 'Create, suspend and delete tenants: held by the platform-admins group, never by a tenant role');

INSERT INTO roles (name, description, builtin) VALUES
  ('tenant-admin', 'Administers one tenant: its entries and its members', true),
  ('editor', 'Reads and writes the tenant''s entries', true),
  ('viewer', 'Reads the tenant''s entries', true);

INSERT INTO role_permissions (role, permission) VALUES
  ('tenant-admin', 'entries:read'),
  ('tenant-admin', 'entries:write'),
  ('tenant-admin', 'members:manage'),
  ('editor', 'entries:read'),
  ('editor', 'entries:write'),
  ('viewer', 'entries:read');

-- Down Migration

DROP TABLE audit_log;
DROP TABLE memberships;
DROP TABLE users;
DROP TABLE role_permissions;
DROP TABLE roles;
DROP TABLE permissions;
