// The platform's answer to "where is this tenant's storage and how do I log in": the contract between
// the platform, which writes it, and the backend, which reads it.
import { z } from 'zod';

export const datasourceSchema = z.object({
  tenant: z.string(),
  /** The DatabaseServer the tenant is placed on. */
  server: z.string(),
  host: z.string(),
  port: z.number().int(),
  database: z.string(),
  schema: z.string(),
  role: z.string().describe('the tenant role each transaction switches to (SET LOCAL ROLE)'),
  /** The tenant role's own login, for consumers that log in as the tenant (and the backend's login routing mode). */
  username: z.string(),
  password: z.string(),
  authenticator: z.object({ username: z.string(), password: z.string() })
    .describe('the server\'s authenticator login: no privileges of its own, a member of every serving tenant role'),
  sslMode: z.string().describe('libpq sslmode'),
});
export type Datasource = z.infer<typeof datasourceSchema>;
