// The user pool: user records with scrypt password hashes, looked up by e-mail, username or sub.
import { z } from 'zod';
import { ConfigError } from '@tenantry/runtime';
import type { DemoUser } from './demo-users.js';
import { parseConfigValue, readJsonFile } from './json-file.js';
import { assertPasswordHash, hashPassword, verifyPassword } from './password-hash.js';

/** A user as tokens see it; never carries the password or its hash. */
export interface UserRecord {
  readonly sub: string;
  /** Cognito's `username`: the sub, as in a pool whose users sign in with their e-mail address. */
  readonly username: string;
  readonly email: string;
  readonly emailVerified: boolean;
  readonly name: string;
  readonly groups: readonly string[];
  readonly tenantId?: string;
}

export interface UserDirectory {
  /** The user when `login` (e-mail, case-insensitive, or username) and `password` match; undefined otherwise. */
  authenticate(login: string, password: string): Promise<UserRecord | undefined>;
  findBySub(sub: string): UserRecord | undefined;
  readonly size: number;
}

const tenantName = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be a tenant name (a DNS label)').max(63);

/** One entry of IDENTITY_USERS_FILE: a DemoUser, or the same with `passwordHash` (scrypt$…) instead of `password`. */
export const userDefinitionSchema = z.object({
  name: z.string().min(1),
  email: z.email(),
  emailVerified: z.boolean().default(true),
  password: z.string().min(1).optional(),
  passwordHash: z.string().refine(isPasswordHash, 'expected scrypt$N$r$p$<salt>$<key> (base64url)').optional(),
  sub: z.uuid(),
  groups: z.array(z.string().min(1)).default([]),
  tenantId: tenantName.optional(),
}).strict().refine((user) => (user.password === undefined) !== (user.passwordHash === undefined), {
  message: 'give exactly one of password or passwordHash',
});

export type UserDefinition = z.input<typeof userDefinitionSchema>;

const usersFileSchema = z.array(userDefinitionSchema).min(1);

/** Reads and validates a users file; problems are reported against IDENTITY_USERS_FILE. */
export async function loadUsersFile(path: string): Promise<UserDefinition[]> {
  const variable = 'IDENTITY_USERS_FILE';
  return parseConfigValue(usersFileSchema, await readJsonFile(path, variable), variable);
}

/** Hashes the passwords given in clear (demo users) and indexes the users. */
export async function createUserDirectory(definitions: readonly (UserDefinition | DemoUser)[]): Promise<UserDirectory> {
  const users = await Promise.all(definitions.map(async (definition) => {
    const user = userDefinitionSchema.parse(definition);
    const passwordHash = user.passwordHash ?? (await hashPassword(user.password ?? ''));
    return { record: toRecord(user), passwordHash };
  }));
  const bySub = new Map<string, (typeof users)[number]>();
  const byLogin = new Map<string, (typeof users)[number]>();
  for (const user of users) {
    const email = user.record.email.toLowerCase();
    if (bySub.has(user.record.sub) || byLogin.has(email)) {
      throw new ConfigError([{ variable: 'IDENTITY_USERS_FILE', message: `duplicate user ${user.record.email} (${user.record.sub})` }]);
    }
    bySub.set(user.record.sub, user);
    byLogin.set(email, user);
  }
  // Unknown logins still cost one scrypt, so response times do not reveal which e-mail addresses exist.
  const decoy = await hashPassword('decoy password, never matched');
  return {
    size: users.length,
    findBySub: (sub) => bySub.get(sub)?.record,
    async authenticate(login, password) {
      const key = login.trim().toLowerCase();
      const user = byLogin.get(key) ?? bySub.get(key);
      const matches = await verifyPassword(password, user?.passwordHash ?? decoy);
      return matches && user !== undefined ? user.record : undefined;
    },
  };
}

function toRecord(user: z.output<typeof userDefinitionSchema>): UserRecord {
  return {
    sub: user.sub,
    username: user.sub,
    email: user.email,
    emailVerified: user.emailVerified,
    name: user.name,
    groups: user.groups,
    ...(user.tenantId === undefined ? {} : { tenantId: user.tenantId }),
  };
}

function isPasswordHash(hash: string): boolean {
  try {
    assertPasswordHash(hash);
    return true;
  } catch {
    return false;
  }
}
