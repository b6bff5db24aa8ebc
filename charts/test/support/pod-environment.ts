// The environment a Deployment's container gets from Kubernetes, read back from the API server after an install:
// its ConfigMap (envFrom), plain values, Secret and field references, and `$(VAR)` expansion as the kubelet does it.
import { AppsV1Api, CoreV1Api, type V1EnvVar } from '@kubernetes/client-node';
import type { Environment } from '@tenantry/harness';

export async function containerEnvironment(env: Environment, namespace: string, deployment: string): Promise<Record<string, string>> {
  const kubeConfig = env.kubeConfig();
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const found = await kubeConfig.makeApiClient(AppsV1Api).readNamespacedDeployment({ namespace, name: deployment });
  const container = found.spec?.template.spec?.containers[0];
  if (!container) throw new Error(`Deployment ${namespace}/${deployment} has no container`);
  const result: Record<string, string> = {};
  for (const source of container.envFrom ?? []) {
    if (!source.configMapRef?.name) throw new Error(`${deployment}: only configMapRef envFrom is expected`);
    const configMap = await core.readNamespacedConfigMap({ namespace, name: source.configMapRef.name });
    Object.assign(result, configMap.data);
  }
  for (const variable of container.env ?? []) result[variable.name] = await valueOf(variable, { core, namespace, deployment, result });
  return result;
}

interface Lookup {
  readonly core: CoreV1Api;
  readonly namespace: string;
  readonly deployment: string;
  readonly result: Record<string, string>;
}

async function valueOf(variable: V1EnvVar, { core, namespace, deployment, result }: Lookup): Promise<string> {
  if (variable.value !== undefined) {
    // `$(NAME)` names an earlier variable; `$$(NAME)` escapes it (Kubernetes' dependent environment variables).
    return variable.value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (match, name?: string) =>
      name === undefined ? '$' : result[name] ?? match);
  }
  const secret = variable.valueFrom?.secretKeyRef;
  if (secret) {
    const found = await core.readNamespacedSecret({ namespace, name: secret.name! });
    const data = found.data?.[secret.key];
    if (data === undefined) throw new Error(`${deployment}: Secret ${secret.name} has no key ${secret.key}`);
    return Buffer.from(data, 'base64').toString('utf8');
  }
  if (variable.valueFrom?.fieldRef?.fieldPath === 'metadata.name') return `${deployment}-pod`;
  throw new Error(`${deployment}: cannot resolve ${variable.name}`);
}
