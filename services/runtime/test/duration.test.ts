import { expect } from 'chai';
import { parseDurationMs } from '../src/duration.js';

describe('parseDurationMs', () => {
  it('reads single units and whole milliseconds', () => {
    expect(parseDurationMs('500ms')).to.equal(500);
    expect(parseDurationMs('30s')).to.equal(30_000);
    expect(parseDurationMs('5m')).to.equal(300_000);
    expect(parseDurationMs('720h')).to.equal(720 * 3_600_000);
    expect(parseDurationMs('250')).to.equal(250);
  });

  it('reads the compound and fractional forms Kubernetes resources carry', () => {
    expect(parseDurationMs('1h30m')).to.equal(5_400_000);
    expect(parseDurationMs('1.5h')).to.equal(5_400_000);
    expect(parseDurationMs('2m0.5s')).to.equal(120_500);
  });

  it('refuses what is not a duration', () => {
    for (const text of ['', 'h', '1d', '-5s', '1 h', '5s5', 'ms', '1e3s']) expect(parseDurationMs(text), text).to.equal(undefined);
  });
});
