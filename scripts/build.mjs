// Bundles the CLI into dist/ with zero runtime dependencies: dist/index.js is the entry, and the
// modules only some runs need (prompts, execa, Handlebars) are split into chunks loaded on demand.
// Chunks sit beside index.js so `../templates/` resolves the same from every file.
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import Handlebars from 'handlebars';

const TEMPLATES_DIR = new URL('../templates/', import.meta.url);

await rm(new URL('../dist/', import.meta.url), { recursive: true, force: true });
const precompiled = await precompileTemplates();
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
await mkdir(new URL('../.tmp/', import.meta.url), { recursive: true });
await writeFile(new URL('../.tmp/build-meta.json', import.meta.url), JSON.stringify(result.metafile));
await writeFile(new URL('../.tmp/precompiled-keys.json', import.meta.url), JSON.stringify(precompiled.keys));

/**
 * Every `.hbs` file and partial of every layer, precompiled with the options and the source
 * rewrite that src/plan.ts uses (`COMPILE_OPTIONS`, `escapeActionsExpressions`; keep them in sync:
 * tests/package.test.ts fails when a template would still be compiled at run time), keyed by
 * `templateKey` (SHA-1, base64url) of that source.
 */
async function precompileTemplates() {
  const compileOptions = { noEscape: true, strict: true };
  const escapeActionsExpressions = (source) => source.replaceAll('\\${{', '$\\{{');
  const entries = new Map();
  for (const layer of await readdir(TEMPLATES_DIR, { withFileTypes: true })) {
    if (!layer.isDirectory()) continue;
    for (const sub of ['files', 'partials']) {
      const dir = join(layer.parentPath, layer.name, sub);
      const files = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
      for (const file of files.filter((entry) => entry.isFile() && entry.name.endsWith('.hbs'))) {
        const source = escapeActionsExpressions(await readFile(join(file.parentPath, file.name), 'utf8'));
        const key = createHash('sha1').update(source).digest('base64url');
        // A template with a syntax error is left out: it fails at run time with its file name.
        try {
          entries.set(key, Handlebars.precompile(source, compileOptions));
        } catch {}
      }
    }
  }
  const body = [...entries].map(([key, spec]) => `  ${JSON.stringify(key)}: ${spec},`).join('\n');
  return { keys: [...entries.keys()], module: `export const PRECOMPILED = {\n${body}\n};\n` };
}
