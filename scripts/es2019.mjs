// The ES2019 copy of the package's JavaScript, for bundlers that cannot parse newer syntax (webpack 4:
// no `?.`, `??` or import.meta). Same layout under dist/es2019/, so relative imports still meet.
// import.meta becomes empty there: such apps pass `wasmURL` (README, "Vite and other bundlers").
import { transform } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const sources = [...readdirSync(join(root, 'js-glue')).filter((f) => f.endsWith('.js')).map((f) => `js-glue/${f}`),
  'dist/silent-refresh.mjs'];
for (const file of sources) {
  const { code } = await transform(readFileSync(join(root, file), 'utf8'), { format: 'esm', target: 'es2019', logLevel: 'silent' });
  mkdirSync(join(root, 'dist/es2019', file, '..'), { recursive: true });
  writeFileSync(join(root, 'dist/es2019', file), code);
}
