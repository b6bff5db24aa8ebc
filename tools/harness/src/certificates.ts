// Creates the throwaway TLS serving certificate and service-account signing key for a local control plane.
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ControlPlaneCertificates {
  readonly servingCertFile: string;
  readonly servingKeyFile: string;
  /** PEM of the self-signed serving certificate: clients trust it as their CA. */
  readonly servingCertPem: string;
  readonly serviceAccountKeyFile: string;
}

export async function createCertificates(dir: string): Promise<ControlPlaneCertificates> {
  const servingCertFile = join(dir, 'serving.crt');
  const servingKeyFile = join(dir, 'serving.key');
  const serviceAccountKeyFile = join(dir, 'service-account.key');
  try {
    await run('openssl', [
      'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
      '-keyout', servingKeyFile, '-out', servingCertFile, '-days', '30',
      '-subj', '/CN=tenantry-local-apiserver',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ]);
  } catch (error) {
    throw new Error(`openssl could not create the apiserver certificate (is the openssl package installed?): ${(error as Error).message}`, { cause: error });
  }
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  await writeFile(serviceAccountKeyFile, privateKey.export({ type: 'sec1', format: 'pem' }), { mode: 0o600 });
  return {
    servingCertFile,
    servingKeyFile,
    servingCertPem: await readFile(servingCertFile, 'utf8'),
    serviceAccountKeyFile,
  };
}
