// In-memory storage for oidc-provider's models (sessions, interactions, codes, grants, tokens), with expiry.
//
// A local stand-in keeps nothing across restarts, on purpose: restarting it is logging everyone out.
// This replaces oidc-provider's own development adapter so that no module-level state is shared between
// two providers in one process (tests) and nothing is printed outside the structured log.
import type { Adapter, AdapterFactory, AdapterPayload } from 'oidc-provider';

interface Entry {
  readonly payload: AdapterPayload;
  /** Epoch milliseconds; undefined for records that never expire. */
  readonly expiresAt: number | undefined;
}

// Records that belong to a grant and die with it (revokeByGrantId).
const GRANT_MEMBERS = new Set(['AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode', 'BackchannelAuthenticationRequest']);
const SWEEP_EVERY_WRITES = 256;

/** A fresh store; pass the result as oidc-provider's `adapter` setting. */
export function createProviderStorage(now: () => number = Date.now): AdapterFactory {
  const entries = new Map<string, Entry>();
  const secondary = new Map<string, string>();
  const grants = new Map<string, Set<string>>();
  let writes = 0;

  const live = (key: string): Entry | undefined => {
    const entry = entries.get(key);
    if (entry?.expiresAt !== undefined && entry.expiresAt <= now()) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };

  const sweep = (): void => {
    for (const key of entries.keys()) live(key);
    for (const [index, key] of secondary) if (!entries.has(key)) secondary.delete(index);
    for (const [grantId, members] of grants) {
      for (const key of members) if (!entries.has(key)) members.delete(key);
      if (members.size === 0) grants.delete(grantId);
    }
  };

  return (model: string): Adapter => {
    const keyOf = (id: string): string => `${model}:${id}`;
    return {
      upsert(id, payload, expiresIn) {
        const key = keyOf(id);
        const expiresAt = typeof expiresIn === 'number' ? now() + expiresIn * 1000 : undefined;
        entries.set(key, { payload: structuredClone(payload), expiresAt });
        if (payload.uid !== undefined) secondary.set(`${model}:uid:${payload.uid}`, key);
        if (payload.userCode !== undefined) secondary.set(`${model}:userCode:${payload.userCode}`, key);
        if (GRANT_MEMBERS.has(model) && payload.grantId !== undefined) {
          const members = grants.get(payload.grantId) ?? new Set<string>();
          members.add(key);
          grants.set(payload.grantId, members);
        }
        if (++writes % SWEEP_EVERY_WRITES === 0) sweep();
        return Promise.resolve();
      },
      find: (id) => Promise.resolve(copy(live(keyOf(id)))),
      findByUid: (uid) => Promise.resolve(copy(live(secondary.get(`${model}:uid:${uid}`) ?? ''))),
      findByUserCode: (userCode) => Promise.resolve(copy(live(secondary.get(`${model}:userCode:${userCode}`) ?? ''))),
      consume(id) {
        const entry = live(keyOf(id));
        if (entry !== undefined) entry.payload.consumed = Math.floor(now() / 1000);
        return Promise.resolve();
      },
      destroy(id) {
        entries.delete(keyOf(id));
        return Promise.resolve();
      },
      revokeByGrantId(grantId) {
        for (const key of grants.get(grantId) ?? []) entries.delete(key);
        grants.delete(grantId);
        return Promise.resolve();
      },
    };
  };
}

function copy(entry: Entry | undefined): AdapterPayload | undefined {
  return entry === undefined ? undefined : structuredClone(entry.payload);
}
