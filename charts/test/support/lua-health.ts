// Runs an Argo CD health.lua with the real Lua 5.4 interpreter (Debian's lua5.4) on an object, the way Argo CD
// does: the object as the global `obj`, in an environment holding only what Argo CD's sandbox offers.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';

export const luaInterpreter = process.env['TENANTRY_LUA'] ?? '/usr/bin/lua5.4';

export type HealthStatus = 'Healthy' | 'Progressing' | 'Degraded' | 'Suspended' | 'Missing' | 'Unknown';

export interface HealthResult {
  readonly status: HealthStatus;
  readonly message: string;
}

/** A Lua string literal: every byte outside printable ASCII, quotes and backslashes as a decimal escape. */
function luaString(text: string): string {
  let literal = '"';
  for (const byte of Buffer.from(text, 'utf8')) {
    literal += byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c ? String.fromCharCode(byte) : `\\${String(byte).padStart(3, '0')}`;
  }
  return `${literal}"`;
}

/** A JSON value as a Lua table constructor; JSON null, as in Argo CD's conversion, is nil. */
export function luaValue(value: unknown): string {
  if (value === null || value === undefined) return 'nil';
  if (typeof value === 'string') return luaString(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `{${value.map(luaValue).join(', ')}}`;
  return `{${Object.entries(value as Record<string, unknown>).map(([key, item]) => `[${luaString(key)}] = ${luaValue(item)}`).join(', ')}}`;
}

// Argo CD opens the base, table, string and math libraries for health scripts; no os, io, require or load.
const sandbox = '{ ipairs = ipairs, pairs = pairs, next = next, select = select, tostring = tostring, tonumber = tonumber, type = type, '
  + 'error = error, pcall = pcall, string = string, table = table, math = math }';

export function runHealthScript(scriptFile: string, object: unknown): Promise<HealthResult> {
  const program = [
    `local env = ${sandbox}`,
    `env.obj = ${luaValue(object)}`,
    `local chunk = assert(load(${luaString(readFileSync(scriptFile, 'utf8'))}, "=health.lua", "t", env))`,
    'local hs = chunk()',
    'assert(type(hs) == "table", "health.lua returned no table")',
    'io.write(tostring(hs.status), "\\n", tostring(hs.message or ""))',
  ].join('\n');
  return new Promise((resolve, reject) => {
    const child = execFile(luaInterpreter, ['-'], (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`${luaInterpreter} failed on ${scriptFile}: ${stderr.trim() || error.message}`));
        return;
      }
      const [status = '', ...message] = stdout.split('\n');
      resolve({ status: status as HealthStatus, message: message.join('\n') });
    });
    child.stdin?.end(program);
  });
}
