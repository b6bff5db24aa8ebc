// A KubeConfig whose API calls share one keep-alive connection pool per cluster and user.
// @kubernetes/client-node 2.x builds a new undici Agent for every request, so every call paid a fresh
// TCP + TLS handshake (a new SecureContext included) on both ends; at a few API calls per tenant that
// was most of the operator's CPU and a large share of the API server's during a provisioning burst.
import { KubeConfig, type RequestContext } from '@kubernetes/client-node';

type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

export class KeepAliveKubeConfig extends KubeConfig {
  readonly #dispatchers = new Map<string, Dispatcher>();

  /** The same key client-node uses for its own agent cache: credentials are fixed per cluster and user. */
  #key(): string {
    return JSON.stringify([this.getCurrentCluster()?.server ?? '', this.getCurrentUser()?.name ?? '']);
  }

  // Once a pool exists, client-node is told to build no dispatcher: building one per request, then closing it
  // (undici makes a ClientDestroyedError with its stack trace on every close) cost more CPU than the request.
  override createDispatcherOptions(...args: Parameters<KubeConfig['createDispatcherOptions']>): ReturnType<KubeConfig['createDispatcherOptions']> {
    return this.#dispatchers.has(this.#key()) ? { type: 'none' } : super.createDispatcherOptions(...args);
  }

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const key = this.#key();
    const shared = this.#dispatchers.get(key);
    if (shared) {
      context.setDispatcher(shared);
      return;
    }
    const fresh = context.getDispatcher();
    if (fresh !== undefined) this.#dispatchers.set(key, fresh); // Plain http or no TLS options: undici's global pool keeps connections.
  }
}
