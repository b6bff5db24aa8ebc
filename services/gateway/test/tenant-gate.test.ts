// The tenant gate's answer for each state of a Tenant resource as the watch holds it.
import { expect } from 'chai';
import type { Tenant } from '@tenantry/runtime';
import { GatewayRejection, toProblem } from '../src/gateway-errors.js';
import { createTenantGate } from '../src/tenant-gate.js';

function tenant(name: string, { ready = false, phase, suspended, deleting, plan, stalled }: {
  ready?: boolean; phase?: string; suspended?: boolean; deleting?: boolean; plan?: string; stalled?: string;
} = {}): Tenant {
  const at = '2026-11-25T00:00:00Z';
  return {
    apiVersion: 'tenantry.dev/v1alpha1', kind: 'Tenant',
    metadata: { name, ...(deleting === true ? { deletionTimestamp: '2026-11-25T00:00:00Z' } : {}) },
    spec: { displayName: name, ...(suspended === undefined ? {} : { suspended }), ...(plan === undefined ? {} : { plan }) },
    status: {
      ...(phase === undefined ? {} : { phase }),
      conditions: [
        { type: 'Ready', status: ready ? 'True' : 'False', reason: 'x', message: '', lastTransitionTime: at },
        ...(stalled === undefined ? [] : [{ type: 'Stalled', status: 'True', reason: stalled, message: 'migration 2 failed', lastTransitionTime: at }]),
      ],
    },
  } as unknown as Tenant;
}

function statusOf(fn: () => unknown): { status: number; headers: Readonly<Record<string, string>> } {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof GatewayRejection)) throw error;
    const problem = toProblem(error);
    return { status: problem.status, headers: problem.headers };
  }
  return { status: 200, headers: {} };
}

describe('tenant gate', () => {
  const tenants = new Map([
    ['ready', tenant('ready', { ready: true, phase: 'Ready', plan: 'free' })],
    ['plain', tenant('plain', { ready: true, phase: 'Ready' })],
    ['provisioning', tenant('provisioning', { phase: 'Provisioning' })],
    ['suspended-spec', tenant('suspended-spec', { ready: true, phase: 'Ready', suspended: true })],
    ['suspended', tenant('suspended', { ready: true, phase: 'Suspended' })],
    ['stalled', tenant('stalled', { phase: 'Failed', stalled: 'MigrationFailed' })],
    ['ready-not-yet-phase', tenant('ready-not-yet-phase', { ready: true, phase: 'Provisioning' })],
    ['deleting', tenant('deleting', { ready: true, phase: 'Ready', deleting: true })],
  ]);
  const gate = createTenantGate({ lookup: (name) => tenants.get(name), defaultPlan: 'standard', retryAfterSeconds: 5 });

  it('admits a Ready tenant with its plan, or the default plan', () => {
    expect(gate('ready')).to.deep.equal({ name: 'ready', plan: 'free' });
    expect(gate('plain')).to.deep.equal({ name: 'plain', plan: 'standard' });
  });

  it('answers 404 for an unknown tenant and for one being deleted', () => {
    expect(statusOf(() => gate('nobody')).status).to.equal(404);
    expect(statusOf(() => gate('deleting')).status).to.equal(404);
  });

  it('answers 503 with Retry-After while a tenant is not Ready', () => {
    expect(statusOf(() => gate('provisioning'))).to.deep.equal({ status: 503, headers: { 'Retry-After': '5' } });
    expect(statusOf(() => gate('ready-not-yet-phase'))).to.deep.equal({ status: 503, headers: { 'Retry-After': '5' } });
  });

  it('answers 503 without Retry-After for a Stalled tenant: it needs a human, not a retry', () => {
    expect(statusOf(() => gate('stalled'))).to.deep.equal({ status: 503, headers: {} });
  });

  it('answers 403 as soon as spec.suspended is set, and for a suspension carried out (Ready=True, reconciled)', () => {
    expect(statusOf(() => gate('suspended-spec')).status).to.equal(403);
    expect(statusOf(() => gate('suspended')).status).to.equal(403);
  });
});
