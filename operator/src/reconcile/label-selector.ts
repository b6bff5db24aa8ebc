// Matches object labels against a metav1.LabelSelector, as the API server does: every matchLabels pair and
// every matchExpressions requirement must hold. Pure.
import type { MigrationRolloutSpecCanarySelector } from '@tenantry/runtime';

export type LabelSelector = MigrationRolloutSpecCanarySelector;

/** An absent or empty selector selects nothing here (a canary set must be named, never "everyone"). */
export function selects(selector: LabelSelector | undefined, labels: Readonly<Record<string, string>> | undefined): boolean {
  const matchLabels = Object.entries(selector?.matchLabels ?? {});
  const expressions = selector?.matchExpressions ?? [];
  if (matchLabels.length === 0 && expressions.length === 0) return false;
  const own = labels ?? {};
  if (!matchLabels.every(([key, value]) => own[key] === value)) return false;
  return expressions.every(({ key, operator, values = [] }) => {
    const present = Object.hasOwn(own, key);
    switch (operator) {
      case 'In':
        return present && values.includes(own[key]!);
      case 'NotIn':
        return !present || !values.includes(own[key]!);
      case 'Exists':
        return present;
      case 'DoesNotExist':
        return !present;
    }
  });
}
