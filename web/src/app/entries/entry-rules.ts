// The rules an entry must meet, as the entries table's CHECK constraints state them (migrations/tenant): the form
// checks them before sending, and a test keeps these numbers equal to the migration's.
export const entryRules = {
  titleMin: 1,
  titleMax: 200,
  bodyMax: 100_000,
  tagsMax: 20,
} as const;
