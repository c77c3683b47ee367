// Bundles the CLI into dist/ with zero runtime dependencies: dist/index.js is the entry, and the
// modules only some runs need (prompts, execa, Handlebars) are split into chunks loaded on demand.
// Chunks sit beside index.js so `../templates/` resolves the same from every file.
import { rm, writeFile } from 'node:fs/promises';
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
  alias: { prompts: 'prompts/lib/index.js' },
  // Bundled CommonJS (prompts, Handlebars) calls require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  // Handlebars tries require('source-map') for debug builds only and falls back without it.
  external: ['source-map'],
});
await writeFile(new URL('../dist/meta.json', import.meta.url), JSON.stringify(result.metafile));
