import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { compiledPath, repositoryRoot } from '../src/index.js';

describe('compiledPath', () => {
  it('maps each package entry to where tsc -b writes it', () => {
    expect(compiledPath('operator/src/main.ts')).to.equal('operator/dist/src/main.js');
    expect(compiledPath('services/runtime/src/telemetry-register.ts')).to.equal('services/runtime/dist/src/telemetry-register.js');
    expect(compiledPath('tools/bench/src/floor-server.ts')).to.equal('tools/bench/dist/src/floor-server.js');
  });

  it('refuses what is not a TypeScript file under a src folder', () => {
    expect(() => compiledPath('operator/main.js')).to.throw(/not a TypeScript file/);
  });

  it('names files the build really produces', function () {
    // Only meaningful after a build; `make test` type-checks with tsc -b, which emits.
    const compiled = join(repositoryRoot, compiledPath('operator/src/main.ts'));
    if (!existsSync(join(repositoryRoot, 'operator/dist'))) this.skip();
    expect(existsSync(compiled), compiled).to.equal(true);
  });
});
