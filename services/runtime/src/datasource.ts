// The platform's answer to "where is this tenant's storage and how do I log in": the contract between
// the platform, which writes it, and the backend, which reads it.
import { z } from 'zod';

export const datasourceSchema = z.object({
  tenant: z.string(),
  host: z.string(),
  port: z.number().int(),
  database: z.string(),
  schema: z.string(),
  username: z.string(),
  password: z.string(),
  sslMode: z.string().describe('libpq sslmode'),
});
export type Datasource = z.infer<typeof datasourceSchema>;
