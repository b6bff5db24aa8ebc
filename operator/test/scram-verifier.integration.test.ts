// SCRAM-SHA-256 verifiers against the real oracle, PostgreSQL: it stores them as given and lets the role log in.
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { expect } from 'chai';
import pg from 'pg';
import { sharedEnvironment, type Environment } from '@tenantry/harness';
import { UnsupportedPasswordError, generatePassword, scramSha256Verifier } from '../src/postgres/scram-verifier.js';

interface ParsedVerifier {
  readonly iterations: number;
  readonly salt: Buffer;
  readonly storedKey: Buffer;
  readonly serverKey: Buffer;
}

function parseVerifier(verifier: string): ParsedVerifier {
  const match = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier);
  if (!match) throw new Error(`not a SCRAM-SHA-256 verifier: ${verifier}`);
  const [, iterations, salt, storedKey, serverKey] = match as unknown as [string, string, string, string, string];
  return {
    iterations: Number(iterations),
    salt: Buffer.from(salt, 'base64'),
    storedKey: Buffer.from(storedKey, 'base64'),
    serverKey: Buffer.from(serverKey, 'base64'),
  };
}

const hmac = (key: Buffer, message: string) => createHmac('sha256', key).update(message).digest();

describe('SCRAM-SHA-256 verifier (integration)', function () {
  this.timeout(60_000);
  let env: Environment;
  let admin: pg.Client;
  const roles: string[] = [];

  before(async () => {
    env = await sharedEnvironment();
    admin = new pg.Client({ connectionString: env.postgres.url });
    await admin.connect();
  });

  after(async () => {
    for (const role of roles) await admin.query(`REVOKE CONNECT ON DATABASE postgres FROM ${admin.escapeIdentifier(role)}; DROP ROLE IF EXISTS ${admin.escapeIdentifier(role)}`);
    await admin.end();
  });

  async function createRole(verifier: string): Promise<string> {
    const role = `scram_test_${randomBytes(4).toString('hex')}`;
    roles.push(role);
    // CREATE ROLE takes no bind parameters: the verifier goes in as an escaped literal.
    await admin.query(`CREATE ROLE ${admin.escapeIdentifier(role)} WITH LOGIN PASSWORD ${admin.escapeLiteral(verifier)}`);
    // The operator closes `postgres` to PUBLIC on the servers it manages, this shared one included.
    await admin.query(`GRANT CONNECT ON DATABASE postgres TO ${admin.escapeIdentifier(role)}`);
    return role;
  }

  async function logIn(user: string, password: string): Promise<string> {
    const client = new pg.Client({ host: env.postgres.host, port: env.postgres.port, database: 'postgres', user, password });
    await client.connect();
    try {
      const { rows } = await client.query<{ user: string }>('SELECT current_user AS user');
      return rows[0]!.user;
    } finally {
      await client.end();
    }
  }

  it('lets a role created with the verifier log in over TCP with the plain password', async () => {
    // given a role whose password was set as a verifier
    const password = generatePassword();
    const role = await createRole(await scramSha256Verifier(password));
    // when it logs in with the plain password, then PostgreSQL accepts it
    expect(await logIn(role, password)).to.equal(role);
  });

  it('honours a non-default iteration count', async () => {
    // given a role whose verifier used 10 000 iterations
    const password = generatePassword();
    const role = await createRole(await scramSha256Verifier(password, { iterations: 10_000 }));
    // when it logs in, then PostgreSQL runs the exchange with those iterations and accepts it
    expect(await logIn(role, password)).to.equal(role);
  });

  it('refuses a wrong password for a role created with the verifier', async () => {
    // given a role whose password was set as a verifier
    const role = await createRole(await scramSha256Verifier(generatePassword()));
    // when it logs in with another password
    const refusal = await logIn(role, generatePassword()).then(() => undefined, (error: unknown) => error);
    // then PostgreSQL refuses with invalid_password
    expect(refusal).to.include({ code: '28P01' });
  });

  it('is stored by PostgreSQL exactly as given', async () => {
    // given a role created with a verifier
    const verifier = await scramSha256Verifier(generatePassword());
    const role = await createRole(verifier);
    // when pg_authid is read, then the verifier is there unchanged: PostgreSQL never saw the password
    const { rows } = await admin.query<{ rolpassword: string }>('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [role]);
    expect(rows).to.deep.equal([{ rolpassword: verifier }]);
  });

  it('computes the verifier PostgreSQL computes for the same password and salt', async () => {
    // given a role whose throwaway password PostgreSQL hashed itself (test only: it travels as SQL text here)
    const password = generatePassword();
    const role = await createRole(await scramSha256Verifier(password));
    await admin.query(`ALTER ROLE ${admin.escapeIdentifier(role)} PASSWORD ${admin.escapeLiteral(password)}`);
    const { rows } = await admin.query<{ rolpassword: string }>('SELECT rolpassword FROM pg_authid WHERE rolname = $1', [role]);
    const theirs = rows[0]!.rolpassword;
    // when the verifier is computed here with PostgreSQL's iterations and salt
    const { iterations, salt } = parseVerifier(theirs);
    // then it is the same string
    expect(await scramSha256Verifier(password, { iterations, salt })).to.equal(theirs);
  });

  it('agrees with the RFC 7677 example exchange', async () => {
    // given the example of RFC 7677 §3: user "user", password "pencil"
    const salt = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
    const authMessage = [
      'n=user,r=rOprNGfwEbeRWgbNEkqO',
      'r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096',
      'c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0',
    ].join(',');
    const clientProof = Buffer.from('dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=', 'base64');
    const serverSignature = Buffer.from('6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=', 'base64');
    // when its verifier is computed and parsed
    const { iterations, storedKey, serverKey } = parseVerifier(await scramSha256Verifier('pencil', { salt }));
    // then the client's proof checks against StoredKey (RFC 5802 §3) and the server signature is reproduced
    const clientSignature = hmac(storedKey, authMessage);
    const clientKey = Buffer.from(clientProof.map((byte, index) => byte ^ clientSignature[index]!));
    expect(iterations).to.equal(4096);
    expect(createHash('sha256').update(clientKey).digest().equals(storedKey)).to.equal(true);
    expect(hmac(serverKey, authMessage).equals(serverSignature)).to.equal(true);
  });

  it('salts every verifier with 16 fresh random bytes', async () => {
    // when two verifiers are computed for the same password
    const first = parseVerifier(await scramSha256Verifier('same password'));
    const second = parseVerifier(await scramSha256Verifier('same password'));
    // then their salts differ, and so do their keys
    expect(first.salt).to.have.length(16);
    expect(first.salt.equals(second.salt)).to.equal(false);
    expect(first.storedKey.equals(second.storedKey)).to.equal(false);
  });

  it('generates distinct 43-character base64url passwords', () => {
    const passwords = new Set(Array.from({ length: 100 }, () => generatePassword()));
    expect(passwords.size).to.equal(100);
    for (const password of passwords) expect(password).to.match(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses a password that SASLprep could rewrite, or an empty one', async () => {
    for (const password of ['pass\u00a0word', 'caf\u00e9', 'tab\there', '']) {
      const refusal = await scramSha256Verifier(password).then(() => undefined, (error: unknown) => error);
      expect(refusal, JSON.stringify(password)).to.be.instanceOf(UnsupportedPasswordError).and.have.property('code', 'UNSUPPORTED_PASSWORD');
    }
  });
});
