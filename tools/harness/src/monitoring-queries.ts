// Every PromQL expression the chart ships — alert rules and dashboard panels — read from the chart's files,
// with Grafana's template variables replaced by what Grafana would substitute, ready for a PromQL parser.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repositoryRoot } from './tool-paths.js';

export const chartDirectory = join(repositoryRoot, 'charts', 'tenantry');
export const rulesFile = join(chartDirectory, 'files', 'prometheus-rules.yaml');
export const dashboardFile = join(chartDirectory, 'files', 'grafana-dashboard.json');

export interface MonitoringQuery {
  /** Where it comes from, e.g. `alert TenantStalled` or `panel "Tenants by phase" A`. */
  readonly source: string;
  readonly expr: string;
}

export interface RuleFile {
  groups: Array<{ name: string; rules: Array<{ alert?: string; record?: string; expr: string; for?: string }> }>;
}

export interface Dashboard {
  templating: { list: Array<{ name: string; type: string; query?: unknown }> };
  panels: Array<{ title: string; type: string; targets?: Array<{ refId: string; expr: string }> }>;
}

export function readRules(): RuleFile {
  return parse(readFileSync(rulesFile, 'utf8')) as RuleFile;
}

export function readDashboard(): Dashboard {
  return JSON.parse(readFileSync(dashboardFile, 'utf8')) as Dashboard;
}

// Grafana's interval variables become durations; a dashboard variable only ever sits inside a label matcher's string.
function expandGrafanaVariables(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)\b/g, '5m');
}

export function monitoringQueries(): MonitoringQuery[] {
  const rules = readRules().groups.flatMap((group) => group.rules.map((rule) => ({
    source: `${rule.alert === undefined ? 'record' : 'alert'} ${rule.alert ?? rule.record}`, expr: rule.expr,
  })));
  const panels = readDashboard().panels.flatMap((panel) => (panel.targets ?? []).map((target) => ({
    source: `panel "${panel.title}" ${target.refId}`, expr: expandGrafanaVariables(target.expr),
  })));
  return [...rules, ...panels];
}
