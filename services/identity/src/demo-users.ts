// The built-in demo users of the local identity provider: who can log in to `make dev` and the tests.
//
// These passwords are public on purpose (printed by `make dev`); they appear nowhere else. The user
// directory hashes them with scrypt at start-up and checks logins against the hashes only.

/** A user as written in source or in IDENTITY_USERS_FILE: the attributes a Cognito user pool would hold. */
export interface DemoUser {
  /** Display name (`name` claim, `profile` scope). */
  readonly name: string;
  /** Sign-in name and `email` claim; matched case-insensitively. */
  readonly email: string;
  readonly password: string;
  /** Stable UUID, as Cognito's `sub`; it is also the Cognito `username` of an e-mail-sign-in pool. */
  readonly sub: string;
  /** Cognito groups (`cognito:groups`); the claim is absent when empty, as in Cognito. */
  readonly groups: readonly string[];
  /** Home tenant (`custom:tenant_id`, a Cognito custom attribute); absent for users without one. */
  readonly tenantId?: string;
}

/** Users of the sample tenants in crds/samples (acme, globex), a platform admin, and an outsider. */
export const demoUsers: readonly DemoUser[] = [
  {
    name: 'Ada Admin',
    email: 'admin@tenantry.dev',
    password: 'Tenantry-admin-1',
    sub: '4f1c2a8e-6d3b-4c7a-9e21-0b5d8f3a7c10',
    groups: ['platform-admins'],
  },
  {
    name: 'Alice Anderson',
    email: 'alice@acme.example',
    password: 'Acme-alice-1',
    sub: '8a3e5b71-2c9d-4f06-b8e4-5d17c0a9e262',
    groups: ['tenant-admins'],
    tenantId: 'acme',
  },
  {
    name: 'Bob Baker',
    email: 'bob@acme.example',
    password: 'Acme-bob-1',
    sub: 'c2d94f08-7b1e-4a53-9c6f-e3a8120b4d75',
    groups: ['tenant-admins'],
    tenantId: 'acme',
  },
  {
    name: 'Hank Scorpio',
    email: 'hank@globex.example',
    password: 'Globex-hank-1',
    sub: '1e7b6c3d-9a04-4d8f-a5b2-76c0e9f31a48',
    groups: ['tenant-admins'],
    tenantId: 'globex',
  },
  {
    name: 'Mallory Mallet',
    email: 'mallory@example.com',
    password: 'Example-mallory-1',
    sub: 'f6a0d2c9-3e85-4b17-8d4a-92b1c5e07f3d',
    groups: [],
  },
];
