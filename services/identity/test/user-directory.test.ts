// The user pool: logins by e-mail or username, hashed passwords, users files validated against their variable.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ConfigError } from '@tenantry/runtime';
import { demoUsers } from '../src/demo-users.js';
import { hashPassword } from '../src/password-hash.js';
import { createUserDirectory, loadUsersFile } from '../src/user-directory.js';

const hank = demoUsers.find((user) => user.email === 'hank@globex.example')!;

describe('user directory', function () {
  let dir: string;

  before(function () {
    dir = mkdtempSync(join(tmpdir(), 'identity-users-'));
  });

  after(function () {
    rmSync(dir, { recursive: true, force: true });
  });

  it('authenticates a demo user by e-mail (any case) or by username, and returns no secret', async function () {
    const users = await createUserDirectory(demoUsers);
    expect(users.size).to.equal(demoUsers.length);
    const byEmail = await users.authenticate(` ${hank.email.toUpperCase()} `, hank.password);
    expect(byEmail).to.deep.equal({
      sub: hank.sub, username: hank.sub, email: hank.email, emailVerified: true, name: hank.name, groups: ['tenant-admins'], tenantId: 'globex',
    });
    expect(await users.authenticate(hank.sub, hank.password)).to.deep.equal(byEmail);
    expect(JSON.stringify(byEmail)).to.not.include(hank.password);
  });

  it('refuses a wrong password and an unknown login', async function () {
    const users = await createUserDirectory(demoUsers);
    expect(await users.authenticate(hank.email, 'Globex-hank-2')).to.equal(undefined);
    expect(await users.authenticate('nobody@globex.example', hank.password)).to.equal(undefined);
  });

  it('gives every demo user a distinct UUID, and a tenant name that is a DNS label', function () {
    expect(new Set(demoUsers.map((user) => user.sub)).size).to.equal(demoUsers.length);
    for (const user of demoUsers) {
      expect(user.sub).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      if (user.tenantId !== undefined) expect(user.tenantId).to.match(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    }
  });

  it('loads users from a file, with a password in clear or already hashed', async function () {
    const file = join(dir, 'users.json');
    writeFileSync(file, JSON.stringify([
      { name: 'Clear', email: 'clear@initech.example', password: 'Initech-1', sub: '0b7c5b0e-2f4a-4c1d-9e8f-1a2b3c4d5e6f', tenantId: 'initech' },
      { name: 'Hashed', email: 'hashed@initech.example', passwordHash: await hashPassword('Initech-2'), sub: '5d6e7f80-91a2-4b3c-8d4e-5f6a7b8c9d0e' },
    ]));
    const users = await createUserDirectory(await loadUsersFile(file));
    expect((await users.authenticate('clear@initech.example', 'Initech-1'))?.tenantId).to.equal('initech');
    expect((await users.authenticate('hashed@initech.example', 'Initech-2'))?.groups).to.deep.equal([]);
  });

  it('names the variable and the entry of every problem in a users file', async function () {
    const file = join(dir, 'bad-users.json');
    writeFileSync(file, JSON.stringify([{ name: 'No', email: 'not-an-email', sub: 'not-a-uuid', password: 'x', tenantId: 'Bad_Name' }]));
    let failure: unknown;
    await loadUsersFile(file).catch((error: unknown) => (failure = error));
    expect(failure).to.be.instanceOf(ConfigError);
    const variables = (failure as ConfigError).problems.map((problem) => problem.variable);
    expect(variables).to.include.members(['IDENTITY_USERS_FILE.0.email', 'IDENTITY_USERS_FILE.0.sub', 'IDENTITY_USERS_FILE.0.tenantId']);
  });

  it('reports a missing users file against its variable', async function () {
    let failure: unknown;
    await loadUsersFile(join(dir, 'missing.json')).catch((error: unknown) => (failure = error));
    expect((failure as ConfigError).problems[0]).to.include({ variable: 'IDENTITY_USERS_FILE', message: 'cannot read the file (ENOENT)' });
  });
});
