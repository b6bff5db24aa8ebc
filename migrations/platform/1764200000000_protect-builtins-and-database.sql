-- Master database, step 2: what the platform's own authorization depends on cannot be taken away through its
-- API, and the master database is closed to every role it did not grant CONNECT (tenant logins included).

-- Up Migration

-- The seeded permissions and grants are what the backend and the platform check: a viewer who cannot read,
-- or no entries:read at all, would lock every tenant out. Other permissions and grants stay freely editable.
ALTER TABLE permissions ADD COLUMN builtin boolean NOT NULL DEFAULT false;
UPDATE permissions SET builtin = true WHERE name IN ('entries:read', 'entries:write', 'members:manage', 'tenants:admin');
ALTER TABLE role_permissions ADD COLUMN builtin boolean NOT NULL DEFAULT false;
UPDATE role_permissions SET builtin = true WHERE (role, permission) IN (
  ('tenant-admin', 'entries:read'), ('tenant-admin', 'entries:write'), ('tenant-admin', 'members:manage'),
  ('editor', 'entries:read'), ('editor', 'entries:write'), ('viewer', 'entries:read'));

-- The API refuses first, with a clear problem; this is for SQL written by hand.
CREATE FUNCTION refuse_builtin_removal() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.builtin THEN
    RAISE EXCEPTION 'built-in % cannot be removed', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN OLD;
END $$;
CREATE TRIGGER permissions_keep_builtin BEFORE DELETE ON permissions FOR EACH ROW EXECUTE FUNCTION refuse_builtin_removal();
CREATE TRIGGER role_permissions_keep_builtin BEFORE DELETE ON role_permissions FOR EACH ROW EXECUTE FUNCTION refuse_builtin_removal();
CREATE TRIGGER roles_keep_builtin BEFORE DELETE ON roles FOR EACH ROW EXECUTE FUNCTION refuse_builtin_removal();

-- PUBLIC holds CONNECT and TEMPORARY on every new database: any login of the server (each tenant's among
-- them, when the master database shares a server with tenant storage) could enter. Only the migrating role
-- keeps them; without ownership the REVOKE changes nothing and PostgreSQL only warns.
DO $$
BEGIN
  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO CURRENT_USER', current_database());
  EXECUTE format('REVOKE CONNECT, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
END $$;

-- Down Migration

DO $$
BEGIN
  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO PUBLIC', current_database());
END $$;
DROP TRIGGER roles_keep_builtin ON roles;
DROP TRIGGER role_permissions_keep_builtin ON role_permissions;
DROP TRIGGER permissions_keep_builtin ON permissions;
DROP FUNCTION refuse_builtin_removal();
ALTER TABLE role_permissions DROP COLUMN builtin;
ALTER TABLE permissions DROP COLUMN builtin;
