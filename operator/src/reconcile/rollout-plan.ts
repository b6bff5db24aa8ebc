// What a roll-out has left to do, as its status shows it before anything runs (the dry run): the tenants
// behind, the migrations each would get, and the wave each falls in. Bounded, whatever the fleet's size. Pure.
import type { MigrationRolloutStatusPlan, Tenant } from '@tenantry/runtime';
import type { MigrationSet } from '../postgres/migration-catalog.js';

export interface PlanInputs {
  /** Covered tenants without the set, sorted by name. */
  readonly behind: readonly Tenant[];
  readonly set: MigrationSet;
  readonly isCanary: (tenant: Tenant) => boolean;
  /** The wave open now (0: canaries) and the last non-canary name it admits. */
  readonly wave: number;
  readonly through: string | undefined;
  readonly waveSize: number;
}

const limits = { groups: 20, apply: 100, examples: 10, waves: 50, names: 20 };

export function rolloutPlan({ behind, set, isCanary, wave, through, waveSize }: PlanInputs): { status: MigrationRolloutStatusPlan; waves: number } {
  const waveOf = new Map<string, number>();
  let queued = 0;
  for (const tenant of behind) {
    const name = tenant.metadata.name;
    if (isCanary(tenant)) waveOf.set(name, 0);
    else if (wave >= 1 && through !== undefined && name <= through) waveOf.set(name, wave);
    else waveOf.set(name, wave + 1 + Math.floor(queued++ / waveSize));
  }
  const waves = new Map<number, string[]>();
  for (const [name, number] of waveOf) pushTo(waves, number, name);
  const lastWave = Math.max(wave, ...waves.keys());
  return {
    waves: lastWave,
    status: {
      behind: behind.length,
      migrations: migrationGroups(behind, set),
      waves: [...waves.entries()].sort(([a], [b]) => a - b).slice(0, limits.waves)
        .map(([number, names]) => ({ wave: number, tenants: names.length, names: names.slice(0, limits.names) })),
    },
  };
}

/** The behind tenants grouped by the latest migration they have: each group gets the same migrations. */
function migrationGroups(behind: readonly Tenant[], set: MigrationSet): NonNullable<MigrationRolloutStatusPlan['migrations']> {
  const groups = new Map<string, string[]>();
  for (const tenant of behind) {
    const from = tenant.status?.migrations?.latest ?? '';
    pushTo(groups, from, tenant.metadata.name);
  }
  return [...groups.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).slice(0, limits.groups).map(([from, names]) => ({
    ...(from === '' ? {} : { from }),
    apply: pendingAfter(set.names, from).slice(0, limits.apply),
    tenants: names.length,
    examples: names.slice(0, limits.examples),
  }));
}

/** The migrations after `from` in the set, as the runner would apply them (names sort in migration order). */
function pendingAfter(names: readonly string[], from: string): string[] {
  return names.filter((name) => name > from);
}

function pushTo<K>(map: Map<K, string[]>, key: K, name: string): void {
  const list = map.get(key);
  if (list) list.push(name);
  else map.set(key, [name]);
}
