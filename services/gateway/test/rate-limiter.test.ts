// The per-tenant token bucket: burst, refill by plan, Retry-After, independent tenants.
import { expect } from 'chai';
import { GatewayRejection } from '../src/gateway-errors.js';
import { createRateLimiter } from '../src/rate-limiter.js';

const limits = new Map([['free', { ratePerSecond: 2, burst: 3 }], ['standard', { ratePerSecond: 100, burst: 100 }]]);

function clock() {
  let now = 1_000_000;
  return { now: () => now, advance: (ms: number) => { now += ms; } };
}

function rejectionOf(fn: () => void): GatewayRejection {
  try {
    fn();
  } catch (error) {
    if (error instanceof GatewayRejection) return error;
    throw error;
  }
  throw new Error('the limiter let the request through');
}

describe('rate limiter', () => {
  it('lets a burst through, then refuses with the seconds until a token is back', () => {
    const time = clock();
    const limiter = createRateLimiter({ limits, defaultPlan: 'standard', now: time.now });

    for (let i = 0; i < 3; i++) limiter.take('acme', 'free');
    const refused = rejectionOf(() => limiter.take('acme', 'free'));

    expect(refused.reason).to.equal('rate_limited');
    expect(refused.retryAfterSeconds).to.equal(1);
  });

  it('refills at the plan rate', () => {
    const time = clock();
    const limiter = createRateLimiter({ limits, defaultPlan: 'standard', now: time.now });
    for (let i = 0; i < 3; i++) limiter.take('acme', 'free');

    time.advance(500);
    limiter.take('acme', 'free');

    expect(rejectionOf(() => limiter.take('acme', 'free')).reason).to.equal('rate_limited');
  });

  it('keeps tenants apart and uses the default plan for an unknown one', () => {
    const time = clock();
    const limiter = createRateLimiter({ limits, defaultPlan: 'standard', now: time.now });
    for (let i = 0; i < 3; i++) limiter.take('acme', 'free');

    for (let i = 0; i < 100; i++) limiter.take('globex', 'no-such-plan');

    expect(rejectionOf(() => limiter.take('globex', 'no-such-plan')).reason).to.equal('rate_limited');
    expect(rejectionOf(() => limiter.take('acme', 'free')).reason).to.equal('rate_limited');
  });

  it('forgets buckets idle longer than the idle time', () => {
    const time = clock();
    const limiter = createRateLimiter({ limits, defaultPlan: 'standard', now: time.now, idleMs: 1_000 });
    limiter.take('acme', 'free');

    time.advance(2_000);
    limiter.take('globex', 'free');

    expect(limiter.size()).to.equal(1);
  });
});
