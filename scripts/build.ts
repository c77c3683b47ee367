// Bundles the CLI into dist/ with zero runtime dependencies: dist/index.js is the entry, and the
// modules only some runs need (prompts, execa, Handlebars) are split into chunks loaded on demand.
// Chunks sit beside index.js so `../templates/` resolves the same from every file.
// Runs under tsx (`npm run build`), like the tests, so it compiles templates with src/plan.ts itself.
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import Handlebars from 'handlebars';
import { TEMPLATES_DIR } from '../src/layers.js';
import { COMPILE_OPTIONS, escapeActionsExpressions, templateKey } from '../src/plan.js';

const ROOT = new URL('../', import.meta.url);

await rm(new URL('dist/', ROOT), { recursive: true, force: true });
const precompiled = await precompileTemplates();
const result = await build({
  absWorkingDir: fileURLToPath(ROOT),
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
  // prompts' own kleur 3 ignores NO_COLOR: alias it to our kleur 4 (same API, resolved from the root).
  alias: { kleur: 'kleur' },
  // Bundled CommonJS (prompts, Handlebars) calls require() for Node built-ins.
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  plugins: [
    {
      name: 'generated-modules',
      setup(build) {
        // prompts' main file picks between two copies of itself at run time; use the modern one
        // only (the one src/prompt-keys.ts extends). Only the bare name: subpaths stay as written.
        build.onResolve({ filter: /^prompts$/ }, (args) => build.resolve('prompts/lib/index.js', { kind: args.kind, resolveDir: args.resolveDir }));
        // src/precompiled.ts is empty in the sources; the bundle gets every template precompiled.
        build.onLoad({ filter: /[\\/]src[\\/]precompiled\.ts$/ }, () => ({ contents: precompiled.module, loader: 'js' }));
        // Handlebars tries require('source-map') (only to build source maps of compiled templates)
        // and works without it. An empty module makes every run behave as the published package
        // does, instead of loading source-map from this repository's node_modules.
        build.onResolve({ filter: /^source-map$/ }, () => ({ path: 'source-map', namespace: 'empty' }));
        build.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
      },
    },
  ],
});
// Read by tests/package.test.ts (what loads at start-up, what is precompiled); not published.
await mkdir(new URL('.tmp/', ROOT), { recursive: true });
await writeFile(new URL('.tmp/build-meta.json', ROOT), JSON.stringify(result.metafile));
await writeFile(new URL('.tmp/precompiled-keys.json', ROOT), JSON.stringify(precompiled.keys));

/**
 * Every `.hbs` file under `templates/` (layer files, partials, whatever folder a layer keeps them
 * in), precompiled exactly as `planProject` would compile it: the same source rewrite and options,
 * keyed by the same `templateKey`. tests/package.test.ts fails if a template is still compiled at
 * run time.
 */
async function precompileTemplates() {
  const entries = new Map<string, string>();
  const entriesOnDisk = await readdir(TEMPLATES_DIR, { withFileTypes: true, recursive: true });
  const paths = entriesOnDisk.filter((entry) => entry.isFile() && entry.name.endsWith('.hbs')).map((entry) => join(entry.parentPath, entry.name));
  for (const path of paths.sort()) {
    const source = escapeActionsExpressions(await readFile(path, 'utf8'));
    // A template with a syntax error is left out: it fails at run time with its file name.
    // precompile returns the template's JavaScript source (typed as an opaque specification).
    try {
      entries.set(templateKey(source), String(Handlebars.precompile(source, COMPILE_OPTIONS)));
    } catch {}
  }
  const body = [...entries].map(([key, spec]) => `  ${JSON.stringify(key)}: ${spec},`).join('\n');
  return { keys: [...entries.keys()], module: `export const PRECOMPILED = {\n${body}\n};\n` };
}
