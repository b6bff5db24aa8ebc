// Watches every Secret of the environment for the whole run and hands their credential values (tenant
// database passwords and URIs, DatabaseServer admin passwords) to the log scan: a tenant's Secret is gone
// once its test deleted the tenant, but its password must still never appear in a log.
import { Watch, type V1Secret } from '@kubernetes/client-node';
import type { Environment } from './environment.js';

const CREDENTIAL_KEY = /pass(word)?|secret|token|uri|key/i;

export interface SecretWatch {
  stop(): void;
}

/** Starts the watch; `onValues` receives the credential values of each Secret added or changed. */
export function watchSecretValues(env: Environment, onValues: (values: string[]) => void): SecretWatch {
  const watch = new Watch(env.kubeConfig());
  let stopped = false;
  let current: AbortController | undefined;
  const start = (): void => {
    if (stopped) return;
    // A watch ends when the API server times it out; start again (a fresh watch lists every Secret again).
    watch.watch('/api/v1/secrets', {}, (phase, secret: V1Secret) => {
      if (phase === 'ADDED' || phase === 'MODIFIED') onValues(credentialValues(secret));
    }, () => setTimeout(start, 200).unref())
      .then((controller) => {
        current = controller;
        if (stopped) controller.abort();
      })
      .catch(() => setTimeout(start, 1000).unref());
  };
  start();
  return {
    stop() {
      stopped = true;
      current?.abort();
    },
  };
}

function credentialValues(secret: V1Secret): string[] {
  // Service-account tokens belong to the control plane; no Tenantry process handles them.
  if (secret.type === 'kubernetes.io/service-account-token') return [];
  return Object.entries(secret.data ?? {})
    .filter(([key]) => CREDENTIAL_KEY.test(key))
    .map(([, encoded]) => Buffer.from(encoded, 'base64').toString('utf8'));
}
