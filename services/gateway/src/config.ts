// The gateway's settings, read once from environment variables and validated.
import { z } from 'zod';
import { LOG_FORMATS, LOG_LEVELS, envDurationMs, envUrl, parseConfig } from '@tenantry/runtime';

const commaList = z
  .string()
  .transform((text) => text.split(',').map((item) => item.trim()).filter((item) => item !== ''))
  .pipe(z.array(z.string()).min(1, 'expected a comma-separated list with at least one value'));

/** Requests per second and burst of one plan. */
export interface PlanLimit {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** `plan:rate[/burst],…`, e.g. `free:10,standard:100/200`; the burst defaults to one second's worth. */
const rateLimits = z.string().transform((text, ctx) => {
  const limits = new Map<string, PlanLimit>();
  for (const item of text.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const match = /^([A-Za-z0-9._-]+):(\d+(?:\.\d+)?)(?:\/(\d+))?$/.exec(item);
    const ratePerSecond = Number(match?.[2]);
    if (match === null || !(ratePerSecond > 0)) {
      ctx.issues.push({ code: 'custom', input: text, message: `"${item}" is not plan:rate or plan:rate/burst with a rate above 0` });
      continue;
    }
    limits.set(match[1]!, { ratePerSecond, burst: match[3] === undefined ? Math.max(1, ratePerSecond) : Math.max(1, Number(match[3])) });
  }
  if (limits.size === 0) ctx.issues.push({ code: 'custom', input: text, message: 'expected at least one plan:rate' });
  return limits;
});

export const gatewayConfigSchema = z.object({
  GATEWAY_HOST: z.string().min(1).default('0.0.0.0'),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  GATEWAY_OIDC_ISSUER: envUrl({ protocols: ['http', 'https'] }),
  GATEWAY_OIDC_CLIENT_IDS: commaList,
  // Cognito access tokens carry no `aud`; set this only for providers that put one in (the local identity provider).
  GATEWAY_OIDC_AUDIENCE: z.string().min(1).optional(),
  GATEWAY_PLATFORM_URL: envUrl({ protocols: ['http', 'https'] }),
  GATEWAY_BACKEND_URL: envUrl({ protocols: ['http', 'https'] }),
  GATEWAY_EXCHANGE_CLIENT_ID: z.string().regex(/^[A-Za-z0-9._~-]+$/, 'must be letters, digits, ".", "_", "~" or "-"'),
  GATEWAY_EXCHANGE_CLIENT_SECRET: z.string().min(32, 'must be at least 32 characters'),
  GATEWAY_RATE_LIMITS: rateLimits.default(new Map([
    ['free', { ratePerSecond: 10, burst: 10 }], ['standard', { ratePerSecond: 100, burst: 100 }], ['enterprise', { ratePerSecond: 1000, burst: 1000 }],
  ])),
  // Tenants without spec.plan are on this plan, as the platform shows them.
  GATEWAY_DEFAULT_PLAN: z.string().min(1).default('standard'),
  GATEWAY_WEB_ROOT: z.string().min(1).optional(),
  // Requests in progress at once, per tenant (all its users) and per client (a token's subject): one caller cannot
  // hold the gateway's upstream capacity however many requests it opens or however slowly it sends them.
  GATEWAY_MAX_IN_FLIGHT_PER_TENANT: z.coerce.number().int().min(1).max(100_000).default(64),
  GATEWAY_MAX_IN_FLIGHT_PER_CLIENT: z.coerce.number().int().min(1).max(100_000).default(32),
  // Bodies are read whole before anything goes upstream; the backend takes 256 kB of JSON.
  GATEWAY_MAX_BODY_BYTES: z.coerce.number().int().min(1_024).max(64 * 1024 * 1024).default(1024 * 1024),
  // How long a client may take over its headers, and over its whole request, before the connection is cut.
  GATEWAY_HEADERS_TIMEOUT: envDurationMs().default(10_000),
  GATEWAY_REQUEST_TIMEOUT: envDurationMs().default(30_000),
  // How long one token exchange's answer serves a user's requests: the bound on how long a membership removal or a
  // role change takes to reach the API (the platform's policy answers every exchange afresh).
  GATEWAY_TOKEN_REUSE: envDurationMs().pipe(z.number().min(0).max(240_000)).default(15_000),
  GATEWAY_UPSTREAM_SOCKETS: z.coerce.number().int().min(1).max(100_000).default(256),
  // What the web build is told at start (/app-config.json): where it signs in, as which client.
  GATEWAY_WEB_OIDC_ISSUER: envUrl({ protocols: ['http', 'https'] }).optional(),
  // Unset: tenantry-web when accepted, else the first of GATEWAY_OIDC_CLIENT_IDS (a Cognito pool's web app client).
  GATEWAY_WEB_CLIENT_ID: z.string().regex(/^[A-Za-z0-9._~-]+$/, 'must be letters, digits, ".", "_", "~" or "-"').optional(),
  GATEWAY_WEB_SCOPE: z.string().regex(/^\S+( \S+)*$/, 'must be space-separated scope names').default('openid email profile'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  LOG_FORMAT: z.enum(LOG_FORMATS).default('json'),
}).superRefine((config, ctx) => {
  if (!config.GATEWAY_RATE_LIMITS.has(config.GATEWAY_DEFAULT_PLAN)) {
    ctx.addIssue({ code: 'custom', path: ['GATEWAY_RATE_LIMITS'], message: `must name the default plan "${config.GATEWAY_DEFAULT_PLAN}"` });
  }
  // The web app's tokens come back to this gateway: it must accept its client's access tokens.
  const webClient = config.GATEWAY_WEB_CLIENT_ID;
  if (webClient !== undefined && !config.GATEWAY_OIDC_CLIENT_IDS.includes(webClient)) {
    ctx.addIssue({ code: 'custom', path: ['GATEWAY_OIDC_CLIENT_IDS'], message: `must include the web client "${webClient}" (GATEWAY_WEB_CLIENT_ID)` });
  }
});

export type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

/** The web app's client: GATEWAY_WEB_CLIENT_ID, else tenantry-web when accepted, else the first accepted client. */
export function webClientIdOf(config: GatewayConfig): string {
  const ids = config.GATEWAY_OIDC_CLIENT_IDS;
  return config.GATEWAY_WEB_CLIENT_ID ?? (ids.includes('tenantry-web') ? 'tenantry-web' : ids[0]!);
}

export function loadGatewayConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  return parseConfig(gatewayConfigSchema, env);
}
