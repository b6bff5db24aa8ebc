// Parses a PromQL expression with the Prometheus project's own grammar and lists the metric names it selects,
// so tests can hold alert rules and dashboards to what the processes really expose.
import { parser } from '@prometheus-io/lezer-promql';

export class InvalidPromQLError extends Error {
  readonly code = 'INVALID_PROMQL';
  constructor(readonly expression: string, readonly offset: number) {
    super(`PromQL syntax error at offset ${offset}: ${expression.slice(0, offset)}⟨here⟩${expression.slice(offset)}`);
    this.name = 'InvalidPromQLError';
  }
}

/** The distinct metric names of every vector selector in `expression`; throws InvalidPromQLError if it does not parse. */
export function metricNamesIn(expression: string): string[] {
  const tree = parser.parse(expression);
  const names = new Set<string>();
  let errorAt: number | undefined;
  tree.iterate({
    enter(node) {
      if (node.type.isError) errorAt ??= node.from;
      if (node.name !== 'VectorSelector') return;
      const identifier = node.node.getChild('Identifier');
      if (identifier !== null) names.add(expression.slice(identifier.from, identifier.to));
    },
  });
  if (errorAt !== undefined) throw new InvalidPromQLError(expression, errorAt);
  return [...names];
}
