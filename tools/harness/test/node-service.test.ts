import { readFile } from 'node:fs/promises';
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

  it('follows where each package tsconfig tells tsc -b to write', async () => {
    for (const pkg of ['operator', 'services/runtime', 'tools/bench']) {
      const { compilerOptions } = JSON.parse(await readFile(join(repositoryRoot, pkg, 'tsconfig.json'), 'utf8')) as { compilerOptions: { rootDir: string; outDir: string } };
      expect(compilerOptions, pkg).to.include({ rootDir: '.', outDir: 'dist' });
    }
  });
});
