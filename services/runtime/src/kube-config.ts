// A KubeConfig whose API calls share one keep-alive connection pool per cluster and user.
// @kubernetes/client-node 2.x builds a new undici Agent for every request, so every call paid a fresh
// TCP + TLS handshake (a new SecureContext included) on both ends; at a few API calls per tenant that
// was most of the operator's CPU and a large share of the API server's during a provisioning burst.
import { KubeConfig, type RequestContext } from '@kubernetes/client-node';

type Dispatcher = NonNullable<ReturnType<RequestContext['getDispatcher']>>;

export class KeepAliveKubeConfig extends KubeConfig {
  readonly #dispatchers = new Map<string, Dispatcher>();

  override async applySecurityAuthentication(context: RequestContext): Promise<void> {
    await super.applySecurityAuthentication(context);
    const fresh = context.getDispatcher();
    if (fresh === undefined) return; // Plain http or no TLS options: undici's global pool already keeps connections.
    // The same key client-node uses for its own agent cache: credentials are fixed per cluster and user.
    const key = JSON.stringify([this.getCurrentCluster()?.server ?? '', this.getCurrentUser()?.name ?? '']);
    const shared = this.#dispatchers.get(key);
    if (shared) {
      context.setDispatcher(shared);
      void fresh.close(); // Never connected: closing only releases the object.
      return;
    }
    this.#dispatchers.set(key, fresh);
  }
}
