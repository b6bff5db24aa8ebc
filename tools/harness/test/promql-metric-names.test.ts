// PromQL metric names through the Prometheus grammar: selectors counted, functions and labels not.
import { expect } from 'chai';
import { metricNamesIn } from '../src/promql-metric-names.js';

describe('metric names in PromQL', () => {
  it('lists the metric of every selector and nothing else', () => {
    const expression = 'histogram_quantile(0.99, sum by (le, service) (rate(http_request_duration_seconds_bucket{service=~"a|b"}[5m])))'
      + ' > 1 and on (service) sum by (service) (rate(jobs_total[5m])) > 0.1 unless absent(up{service="x"} == 1)';
    expect(metricNamesIn(expression).sort()).to.deep.equal(['http_request_duration_seconds_bucket', 'jobs_total', 'up']);
  });

  it('refuses an expression Prometheus would not parse', () => {
    expect(() => metricNamesIn('sum by (service (rate(x_total[5m]))')).to.throw(/PromQL syntax error/);
    expect(() => metricNamesIn('rate(x_total[$__rate_interval])')).to.throw(/PromQL syntax error/);
  });
});
