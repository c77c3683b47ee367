// Bundles the CLI into dist/ with zero runtime dependencies: dist/index.js is the entry, and the
// modules only some runs need (prompts, execa, Handlebars) are split into chunks loaded on demand.
// Chunks sit beside index.js so `../templates/` resolves the same from every file.
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { build } from 'esbuild';

await rm(new URL('../dist/', import.meta.url), { recursive: true, force: true });
const result = await build({
  entryPoints: { index: 'src/index.ts' },
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  chunkNames: 'chunk-[hash]',
  minifySyntax: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  // prompts' main file picks between two copies of itself at run time; use the modern one only.
  // Its own kleur 3 ignores NO_COLOR: alias it to our kleur 4 (same API, resolved from the root).
  alias: { prompts: 'prompts/lib/index.js', kleur: 'kleur' },
  // Bundled CommonJS (prompts, Handlebars) calls require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // Handlebars tries require('source-map') for debug builds only and falls back without it.
  external: ['source-map'],
});
// Read by tests/package.test.ts to check what loads at start-up; not published.
await mkdir(new URL('../.tmp/', import.meta.url), { recursive: true });
await writeFile(new URL('../.tmp/build-meta.json', import.meta.url), JSON.stringify(result.metafile));
