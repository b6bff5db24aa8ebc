// The Tenant CRD's own rules (crds/tenantry.dev_tenants.yaml), checked in the provisioning form before submitting;
// a test keeps them equal to the CRD's. Whatever the API server still refuses is shown in its own words.
export const tenantRules = {
  /** The CEL rule on metadata.name: a DNS label short enough for PostgreSQL identifiers. */
  namePattern: '^[a-z]([-a-z0-9]*[a-z0-9])?$',
  nameMaxLength: 40,
  displayNameMaxLength: 100,
  adminsMaxItems: 50,
  emailMaxLength: 254,
} as const;

/** An e-mail address as the CRD's `format: email` and the platform accept it: something@domain.tld, no spaces. */
export const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Addresses as a person types them, one per line or separated by commas. */
export function parseAdmins(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).map((email) => email.trim()).filter((email) => email !== ''))];
}

/** The problems of a list of admins, as the CRD would state them; empty when it is fine. */
export function adminProblems(admins: readonly string[]): string[] {
  const problems: string[] = [];
  if (admins.length > tenantRules.adminsMaxItems) problems.push(`at most ${tenantRules.adminsMaxItems} admins`);
  for (const email of admins) {
    if (!emailPattern.test(email) || email.length > tenantRules.emailMaxLength) problems.push(`${email} is not an e-mail address`);
  }
  return problems;
}
