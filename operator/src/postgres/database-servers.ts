// The operator's live view of DatabaseServers: admin credentials from their Secrets, connections,
// and reachability watched through one idle sentinel connection per server (no polling queries).
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { TenantryError, authenticatorRoleName, type DatabaseServer } from '@tenantry/runtime';
import pg from 'pg';
import { createServerConnections, tlsOptions, type ServerConnections, type ServerEndpoint } from './server-connections.js';
import { createServerStorage, type ServerStorage } from './server-storage.js';

export type DatabaseServerErrorCode = 'SERVER_NOT_FOUND' | 'CREDENTIALS_UNAVAILABLE' | 'SERVER_UNREACHABLE';

export class DatabaseServerError extends TenantryError {
  declare readonly code: DatabaseServerErrorCode;
  constructor(code: DatabaseServerErrorCode, message: string, options?: ErrorOptions) {
    super(code, message, options);
  }
}

export interface ServerHealth {
  readonly reachable: boolean | undefined;
  readonly message: string;
}

export interface ResolvedServer {
  readonly name: string;
  readonly resource: DatabaseServer;
  readonly storage: ServerStorage;
}

export interface DatabaseServerRegistry {
  upsert(server: DatabaseServer): void;
  remove(name: string): void;
  names(): string[];
  resource(name: string): DatabaseServer | undefined;
  health(name: string): ServerHealth;
  /** Resolves connections for a server, reading its credentials Secret the first time. */
  resolve(name: string): Promise<ResolvedServer>;
  /** Reconcile saw a connection failure: mark the server down until the sentinel reconnects. */
  reportConnectionFailure(name: string, error: unknown): void;
  onHealthChange(listener: (name: string, health: ServerHealth) => void): void;
  close(): Promise<void>;
}

interface Entry {
  resource: DatabaseServer;
  connections?: Promise<{ connections: ServerConnections; storage: ServerStorage }>;
  sentinel?: Sentinel;
  health: ServerHealth;
}

export interface RegistryOptions {
  readonly kubeConfig: KubeConfig;
  /** Admin connections per database; at least the reconcile concurrency, or reconciles queue for them. */
  readonly connectionsPerDatabase?: number;
  readonly reconnectMinMs?: number;
  readonly reconnectMaxMs?: number;
  /** Debug lines of the migration runner. */
  readonly migrationLog?: (message: string) => void;
}

export function createDatabaseServerRegistry(options: RegistryOptions): DatabaseServerRegistry {
  const { kubeConfig, connectionsPerDatabase = 4, reconnectMinMs = 500, reconnectMaxMs = 15_000, migrationLog } = options;
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const entries = new Map<string, Entry>();
  const listeners: Array<(name: string, health: ServerHealth) => void> = [];

  // Listeners hear only a change of reachability; a new message for the same state is just recorded,
  // or every failed retry would wake every tenant on the server again.
  const setHealth = (name: string, health: ServerHealth) => {
    const entry = entries.get(name);
    if (!entry) return;
    const changed = entry.health.reachable !== health.reachable;
    entry.health = health;
    if (changed) for (const listener of listeners) listener(name, health);
  };

  const readEndpoint = async (resource: DatabaseServer): Promise<ServerEndpoint> => {
    const { name: secretName, namespace } = resource.spec.credentialsSecret;
    const secret = await core.readNamespacedSecret({ name: secretName, namespace }).catch((error: unknown) => {
      throw new DatabaseServerError('CREDENTIALS_UNAVAILABLE',
        `cannot read credentials Secret ${namespace}/${secretName} of DatabaseServer ${resource.metadata.name}: ${(error as Error).message}`, { cause: error });
    });
    const field = (key: string) => {
      const value = secret.data?.[key];
      if (!value) {
        throw new DatabaseServerError('CREDENTIALS_UNAVAILABLE', `credentials Secret ${namespace}/${secretName} has no "${key}" key`);
      }
      return Buffer.from(value, 'base64').toString('utf8');
    };
    return {
      host: resource.spec.host,
      port: resource.spec.port ?? 5432,
      sslMode: resource.spec.sslMode ?? 'prefer',
      username: field('username'),
      password: field('password'),
    };
  };

  const discard = (entry: Entry) => {
    entry.sentinel?.stop();
    const connections = entry.connections;
    entry.connections = undefined;
    entry.sentinel = undefined;
    void connections?.then((c) => c.connections.close()).catch(() => undefined);
  };

  const resolve = async (name: string): Promise<ResolvedServer> => {
    const entry = entries.get(name);
    if (!entry) throw new DatabaseServerError('SERVER_NOT_FOUND', `DatabaseServer ${name} not found`);
    if (!entry.connections) {
      const resource = entry.resource;
      entry.connections = readEndpoint(resource).then((endpoint) => {
        entry.sentinel = startSentinel(endpoint, { reconnectMinMs, reconnectMaxMs, onHealth: (health) => setHealth(name, health) });
        const connections = createServerConnections(endpoint, { maxPerDatabase: connectionsPerDatabase });
        const templateDatabase = resource.spec.templateDatabase ?? 'tenantry_template';
        const storage = createServerStorage(connections, {
          templateDatabase, poolDatabase: resource.spec.poolDatabase ?? 'tenantry_pool', authenticatorRole: authenticatorRoleName(name),
          ...(migrationLog ? { log: migrationLog } : {}),
        });
        return { connections, storage };
      });
      entry.connections.catch(() => { entry.connections = undefined; });
    }
    return { name, resource: entry.resource, storage: (await entry.connections).storage };
  };

  return {
    upsert(resource) {
      const name = resource.metadata.name;
      const entry = entries.get(name);
      if (entry && entry.resource.metadata.generation === resource.metadata.generation) {
        entry.resource = resource;
        return;
      }
      if (entry) discard(entry);
      entries.set(name, { resource, health: entry?.health ?? { reachable: undefined, message: 'not checked yet' } });
      // Connect at once: the sentinel must watch the server even while every tenant on it is steady.
      resolve(name).catch((error: unknown) => setHealth(name, { reachable: false, message: (error as Error).message }));
    },
    remove(name) {
      const entry = entries.get(name);
      if (entry) discard(entry);
      entries.delete(name);
    },
    names: () => [...entries.keys()].sort(),
    resource: (name) => entries.get(name)?.resource,
    health: (name) => entries.get(name)?.health ?? { reachable: false, message: `DatabaseServer ${name} not found` },
    resolve,
    reportConnectionFailure(name, error) {
      const entry = entries.get(name);
      if (!entry || entry.health.reachable === false) return;
      setHealth(name, { reachable: false, message: `cannot connect to ${entry.resource.spec.host}:${entry.resource.spec.port ?? 5432}: ${(error as Error).message}` });
      entry.sentinel?.reconnectSoon();
    },
    onHealthChange(listener) {
      listeners.push(listener);
    },
    async close() {
      const all = [...entries.values()];
      entries.clear();
      for (const entry of all) entry.sentinel?.stop();
      await Promise.all(all.map(async (entry) => (await entry.connections?.catch(() => undefined))?.connections.close()));
    },
  };
}

interface Sentinel {
  stop(): void;
  reconnectSoon(): void;
}

interface SentinelOptions {
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
  readonly onHealth: (health: ServerHealth) => void;
}

/**
 * Holds one idle admin connection. PostgreSQL closes it when the server stops or restarts, which is
 * how the operator learns of an outage without sending a query; then it reconnects with backoff.
 */
function startSentinel(endpoint: ServerEndpoint, { reconnectMinMs, reconnectMaxMs, onHealth }: SentinelOptions): Sentinel {
  let stopped = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let delay = reconnectMinMs;
  const where = `${endpoint.host}:${endpoint.port}`;

  const schedule = (ms: number) => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(() => void connect(), ms);
    timer.unref();
  };
  const lost = (error: unknown) => {
    if (stopped || !client) return;
    client = undefined;
    onHealth({ reachable: false, message: `lost connection to ${where}: ${(error as Error)?.message ?? 'closed'}` });
    schedule(delay);
  };
  async function connect() {
    if (stopped || client) return;
    const candidate = new pg.Client({
      host: endpoint.host, port: endpoint.port, user: endpoint.username, password: endpoint.password,
      database: 'postgres', ssl: tlsOptions(endpoint.sslMode), connectionTimeoutMillis: 5000,
      application_name: 'tenantry-operator-sentinel', keepAlive: true,
    });
    candidate.on('error', (error) => lost(error));
    candidate.on('end', () => lost(new Error('connection closed')));
    try {
      await candidate.connect();
      if (stopped) {
        await candidate.end();
        return;
      }
      client = candidate;
      delay = reconnectMinMs;
      onHealth({ reachable: true, message: `connected to ${where}` });
    } catch (error) {
      candidate.removeAllListeners('end');
      onHealth({ reachable: false, message: `cannot connect to ${where}: ${(error as Error).message}` });
      delay = Math.min(reconnectMaxMs, delay * 2);
      schedule(delay);
    }
  }
  void connect();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      const current = client;
      client = undefined;
      void current?.end().catch(() => undefined);
    },
    reconnectSoon() {
      if (!client) schedule(reconnectMinMs);
    },
  };
}
