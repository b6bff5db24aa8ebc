// The operator keeps each DatabaseServer's backend authenticator: a Secret it creates, the role's name and that Secret
// in the server's status, and the role's password following the Secret when it is replaced (a rotation).
import { expect } from 'chai';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import pg from 'pg';
import {
  ensureDatabaseServer, eventually, harnessServer, operatorNamespace, sharedEnvironment, startOperator, type Environment, type OperatorProcess,
} from '@tenantry/harness';
import { authenticatorRoleName, authenticatorSecretName, type DatabaseServer } from '@tenantry/runtime';

describe('the operator\'s backend authenticator per DatabaseServer (integration)', function () {
  this.timeout(90_000);
  let env: Environment;
  let operator: OperatorProcess;
  let core: CoreV1Api;
  const secretName = authenticatorSecretName(harnessServer);
  const role = authenticatorRoleName(harnessServer);

  before(async () => {
    env = await sharedEnvironment();
    await ensureDatabaseServer(env);
    operator = await startOperator(env);
    core = env.kubeConfig().makeApiClient(CoreV1Api);
  });

  after(async () => {
    await operator?.stop();
  });

  /** PostgreSQL authenticates before it looks at the database: any refusal but a login one means the password worked. */
  const canLogIn = async (password: string): Promise<boolean> => {
    const client = new pg.Client({ host: env.postgres.host, port: env.postgres.port, database: 'postgres', user: role, password });
    try {
      await client.connect();
      return true;
    } catch (error) {
      return !['28P01', '28000'].includes((error as { code?: string }).code ?? '');
    } finally {
      await client.end().catch(() => undefined);
    }
  };
  const passwordOf = async () => {
    const secret = await core.readNamespacedSecret({ name: secretName, namespace: operatorNamespace });
    return Buffer.from(secret.data?.['password'] ?? '', 'base64').toString('utf8');
  };

  it('records the role and its Secret in the server\'s status, and the Secret\'s password logs in', async () => {
    const objects = env.kubeConfig().makeApiClient(CustomObjectsApi);
    const status = await eventually('the DatabaseServer reports its authenticator', async () => {
      const server = await objects.getClusterCustomObject({ group: 'tenantry.dev', version: 'v1alpha1', plural: 'databaseservers', name: harnessServer }) as DatabaseServer;
      return server.status?.authenticator;
    });

    expect(status).to.deep.equal({ role, secretName });
    const secret = await core.readNamespacedSecret({ name: secretName, namespace: operatorNamespace });
    expect(secret.metadata?.ownerReferences?.[0]).to.include({ kind: 'DatabaseServer', name: harnessServer });
    expect(Buffer.from(secret.data?.['username'] ?? '', 'base64').toString('utf8')).to.equal(role);
    await eventually('the authenticator logs in with its Secret\'s password', async () => canLogIn(await passwordOf()));
  });

  it('moves the role to a new password put in its Secret', async () => {
    const before = await passwordOf();
    const rotated = `rotated-${before.slice(0, 20)}`;

    const secret = await core.readNamespacedSecret({ name: secretName, namespace: operatorNamespace });
    await core.replaceNamespacedSecret({
      name: secretName, namespace: operatorNamespace,
      body: { ...secret, data: { ...secret.data, password: Buffer.from(rotated).toString('base64') } },
    });

    await eventually('the authenticator logs in with the rotated password', () => canLogIn(rotated));
    expect(await canLogIn(before)).to.equal(false);
  });
});
