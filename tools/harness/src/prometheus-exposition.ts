// A strict parser of the Prometheus text exposition format (version 0.0.4), for tests that scrape /metrics:
// anything Prometheus itself would refuse, or that breaks the format's family rules, is an error naming the line.

export type MetricType = 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';

export interface Sample {
  /** The sample's own name: a histogram family `x` has samples `x_bucket`, `x_sum`, `x_count`. */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export interface MetricFamily {
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly samples: readonly Sample[];
}

/** The scrape breaks the format; the message names the line (or the histogram series) and what is wrong. */
export class InvalidExpositionError extends Error {
  readonly code = 'INVALID_EXPOSITION';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidExpositionError';
  }
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<MetricType>(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Readonly<Record<MetricType, readonly string[]>> = {
  counter: [''], gauge: [''], untyped: [''], histogram: ['_bucket', '_sum', '_count'], summary: ['', '_sum', '_count'],
};

interface FamilyDraft { name: string; type: MetricType; help: string; samples: Sample[]; seen: Set<string> }

/** Parses a whole scrape into its families by name; throws InvalidExpositionError on the first violation. */
export function parseExposition(text: string): ReadonlyMap<string, MetricFamily> {
  const families = new Map<string, FamilyDraft>();
  const closed = new Set<string>();
  let current: FamilyDraft | undefined;
  const lines = text.split('\n');
  if (lines.at(-1) !== '') throw new InvalidExpositionError(`line ${lines.length}: the text must end with a line feed`);
  lines.pop();
  lines.forEach((line, index) => {
    const fail = (reason: string): never => {
      throw new InvalidExpositionError(`line ${index + 1}: ${reason}: ${JSON.stringify(line.slice(0, 200))}`);
    };
    const enter = (name: string): FamilyDraft => {
      if (current?.name === name) return current;
      if (closed.has(name) || families.has(name)) fail(`the lines of family ${name} are not contiguous`);
      if (current !== undefined) closed.add(current.name);
      current = { name, type: 'untyped', help: '', samples: [], seen: new Set() };
      families.set(name, current);
      return current;
    };
    if (line.trim() === '') return;
    if (line.startsWith('#')) {
      const directive = /^#\s+(HELP|TYPE)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (directive === null) return; // a plain comment
      const [, keyword, name = '', rest = ''] = directive;
      if (!METRIC_NAME.test(name)) fail('invalid metric name');
      const family = enter(name);
      if (keyword === 'HELP') {
        family.help = unescapeHelp(rest, fail);
        return;
      }
      if (family.samples.length > 0) fail('TYPE after the family\'s samples');
      if (!TYPES.has(rest.trim() as MetricType)) fail('unknown metric type');
      family.type = rest.trim() as MetricType;
      return;
    }
    const sample = parseSampleLine(line, fail);
    const family = current !== undefined && ownsSample(current, sample.name) ? current : enter(sample.name);
    const key = `${sample.name}${JSON.stringify(Object.entries(sample.labels).sort())}`;
    if (family.seen.has(key)) fail('duplicate series');
    family.seen.add(key);
    family.samples.push(sample);
  });
  const result = new Map<string, MetricFamily>();
  for (const { name, type, help, samples } of families.values()) {
    checkHistogram({ name, type, help, samples });
    result.set(name, { name, type, help, samples });
  }
  return result;
}

function ownsSample(family: FamilyDraft, sampleName: string): boolean {
  return SUFFIXES[family.type].some((suffix) => sampleName === `${family.name}${suffix}`);
}

function parseSampleLine(line: string, fail: (reason: string) => never): Sample {
  const nameMatch = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(line);
  if (nameMatch === null) fail('a sample must start with a metric name');
  const name = nameMatch[0];
  let rest = line.slice(name.length);
  const labels: Record<string, string> = {};
  if (rest.startsWith('{')) {
    rest = parseLabels(rest.slice(1), labels, fail);
  }
  const fields = rest.trim().split(/[ \t]+/);
  if (!/^[ \t]/.test(rest) || fields.length > 2) fail('expected " value [timestamp]" after the series');
  const value = parseValue(fields[0] ?? '', fail);
  if (fields[1] !== undefined && !/^-?\d+$/.test(fields[1])) fail('the timestamp must be an integer of milliseconds');
  return { name, labels, value };
}

/** Reads `name="value",…}` into `labels`; returns what follows the closing brace. */
function parseLabels(text: string, labels: Record<string, string>, fail: (reason: string) => never): string {
  let rest = text;
  for (;;) {
    if (rest.startsWith('}')) return rest.slice(1);
    const label = /^([^=\s]+)="/.exec(rest);
    if (label === null) fail('expected name="value" in the label set');
    const labelName = label[1] ?? '';
    if (!LABEL_NAME.test(labelName) || labelName.startsWith('__')) fail(`invalid label name ${labelName}`);
    if (labelName in labels) fail(`label ${labelName} appears twice`);
    rest = rest.slice(label[0].length);
    let value = '';
    for (;;) {
      const char = rest[0];
      if (char === undefined) fail('unterminated label value');
      if (char === '"') break;
      if (char === '\\') {
        const escaped = ({ '\\': '\\', '"': '"', n: '\n' } as Record<string, string>)[rest[1] ?? ''];
        if (escaped === undefined) fail('invalid escape in a label value');
        value += escaped;
        rest = rest.slice(2);
      } else {
        value += char;
        rest = rest.slice(1);
      }
    }
    labels[labelName] = value;
    rest = rest.slice(1);
    if (rest.startsWith(',')) rest = rest.slice(1);
    else if (!rest.startsWith('}')) fail('expected "," or "}" after a label value');
  }
}

function parseValue(text: string, fail: (reason: string) => never): number {
  // Prometheus reads values with Go's strconv.ParseFloat, which takes NaN and Inf in any letter case
  // (prom-client writes "Nan" for an event loop lag not yet measured).
  if (/^nan$/i.test(text)) return Number.NaN;
  const infinite = /^([+-]?)inf(inity)?$/i.exec(text);
  if (infinite !== null) return infinite[1] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) fail(`invalid sample value ${text}`);
  return Number(text);
}

function unescapeHelp(text: string, fail: (reason: string) => never): string {
  return text.replace(/\\(.?)/g, (_match, char: string) => {
    if (char === '\\') return '\\';
    if (char === 'n') return '\n';
    return fail('invalid escape in HELP');
  });
}

/** Each histogram series: cumulative buckets ending in le="+Inf", which equals its _count. */
function checkHistogram(family: MetricFamily): void {
  if (family.type !== 'histogram') return;
  const series = new Map<string, { buckets: number[]; infinite?: number; count?: number }>();
  const seriesOf = (labels: Readonly<Record<string, string>>) => {
    const key = JSON.stringify(Object.entries(labels).filter(([name]) => name !== 'le').sort());
    const found = series.get(key) ?? { buckets: [] };
    series.set(key, found);
    return found;
  };
  for (const sample of family.samples) {
    const entry = seriesOf(sample.labels);
    if (sample.name.endsWith('_bucket')) {
      const le = sample.labels['le'];
      if (le === undefined) throw new InvalidExpositionError(`histogram ${family.name}: a bucket without an le label`);
      if (le === '+Inf') entry.infinite = sample.value;
      entry.buckets.push(sample.value);
    } else if (sample.name.endsWith('_count')) {
      entry.count = sample.value;
    }
  }
  for (const [labels, { buckets, infinite, count }] of series) {
    const problem = infinite === undefined ? 'no le="+Inf" bucket'
      : buckets.some((value, index) => index > 0 && value < buckets[index - 1]!) ? 'buckets are not cumulative'
        : count !== infinite ? `_count ${count} differs from the +Inf bucket ${infinite}` : undefined;
    if (problem !== undefined) throw new InvalidExpositionError(`histogram ${family.name}${labels}: ${problem}`);
  }
}
