// The strict exposition parser: what prom-client writes parses, what Prometheus would refuse does not.
import { expect } from 'chai';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { parseExposition } from '../src/prometheus-exposition.js';

describe('Prometheus text exposition parser', () => {
  it('parses a real prom-client registry: types, help, labels, values and histogram series', async () => {
    const registry = new Registry();
    registry.setDefaultLabels({ service: 'test' });
    collectDefaultMetrics({ register: registry });
    new Counter({ name: 'jobs_total', help: 'Jobs "done"\\ here', labelNames: ['outcome'], registers: [registry] }).inc({ outcome: 'a\n"b"' }, 3);
    new Histogram({ name: 'job_duration_seconds', help: 'Job time', buckets: [0.1, 1], registers: [registry] }).observe(0.5);

    const families = parseExposition(await registry.metrics());

    expect(families.get('jobs_total')).to.deep.include({ type: 'counter', help: 'Jobs "done"\\ here' });
    expect(families.get('jobs_total')!.samples).to.deep.equal([{ name: 'jobs_total', labels: { outcome: 'a\n"b"', service: 'test' }, value: 3 }]);
    const histogram = families.get('job_duration_seconds')!;
    expect(histogram.type).to.equal('histogram');
    expect(histogram.samples.map((sample) => [sample.name, sample.labels['le'], sample.value])).to.deep.equal([
      ['job_duration_seconds_bucket', '0.1', 0], ['job_duration_seconds_bucket', '1', 1], ['job_duration_seconds_bucket', '+Inf', 1],
      ['job_duration_seconds_sum', undefined, 0.5], ['job_duration_seconds_count', undefined, 1],
    ]);
    expect(families.get('process_cpu_seconds_total')?.type).to.equal('counter');
  });

  it('accepts timestamps, special values and a trailing comma in a label set', () => {
    const families = parseExposition('# TYPE g gauge\ng{a="1",} NaN 1700000000000\ng{a="2"} +Inf\ng{a="3"} -1.5e3\n');
    expect(families.get('g')!.samples.map((sample) => sample.value)).to.deep.equal([Number.NaN, Number.POSITIVE_INFINITY, -1500]);
  });

  const malformed: Record<string, string> = {
    'no final line feed': '# TYPE c counter\nc 1',
    'an invalid metric name': '1c 1\n',
    'an unquoted label value': 'c{a=b} 1\n',
    'an unknown escape': 'c{a="\\t"} 1\n',
    'an unterminated label set': 'c{a="1" 1\n',
    'a label given twice': 'c{a="1",a="2"} 1\n',
    'a reserved label name': 'c{__name__="x"} 1\n',
    'a value that is no number': 'c 1O\n',
    'a fractional timestamp': 'c 1 1.5\n',
    'an unknown type': '# TYPE c countr\n',
    'a TYPE after samples': 'c 1\n# TYPE c counter\n',
    'a duplicate series': 'c{a="1"} 1\nc{a="1"} 2\n',
    'families interleaved': 'a 1\nb 1\na{x="1"} 2\n',
    'a histogram without +Inf': '# TYPE h histogram\nh_bucket{le="1"} 1\nh_sum 1\nh_count 1\n',
    'a histogram whose count differs': '# TYPE h histogram\nh_bucket{le="+Inf"} 2\nh_sum 1\nh_count 1\n',
    'buckets that decrease': '# TYPE h histogram\nh_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\nh_sum 1\nh_count 1\n',
  };
  for (const [what, text] of Object.entries(malformed)) {
    it(`rejects ${what}`, () => {
      expect(() => parseExposition(text)).to.throw(/line \d+|histogram/);
    });
  }
});
