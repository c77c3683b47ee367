/**
 * The published shape: one entry bundle with lazily loaded chunks, zero runtime dependencies, and
 * a tarball that works on its own (dotfiles included).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { TEMPLATES_DIR, loadLayers } from '../src/layers.js';
import { escapeActionsExpressions, templateKey } from '../src/plan.js';
import { ROOT, runCli, tempDir } from './helpers/cli.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

describe('package.json', () => {
  it('has no runtime dependencies, a bin with a shebang, a files whitelist and the engines range', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
    expect(pkg.bin).toEqual({ 'create-backend-practice': 'bin/create-backend-practice.js' });
    expect(readFileSync(join(ROOT, pkg.bin['create-backend-practice']), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(pkg.files).toEqual(['bin', 'dist', 'templates']);
    expect(pkg.engines.node).toBe('^20.19.0 || >=22.12.0');
  });
});

describe('the bundle', () => {
  interface Meta {
    outputs: Record<string, { inputs: Record<string, unknown>; imports: { path: string; kind: string }[] }>;
  }
  const meta = JSON.parse(readFileSync(join(ROOT, '.tmp/build-meta.json'), 'utf8')) as Meta;

  /** Every input module that runs when `dist/index.js` starts (static imports only). */
  function eagerInputs(): string[] {
    const seen = new Set<string>();
    const visit = (output: string) => {
      if (seen.has(output)) return;
      seen.add(output);
      for (const imported of meta.outputs[output]?.imports ?? []) {
        if (imported.kind === 'import-statement' && meta.outputs[imported.path]) visit(imported.path);
      }
    };
    visit('dist/index.js');
    return [...seen].flatMap((output) => Object.keys(meta.outputs[output]!.inputs));
  }

  it('does not load prompts, execa, Handlebars or the check at start-up (--help, --list never need them)', () => {
    const eager = eagerInputs();
    expect(eager.some((input) => input.includes('node_modules/commander'))).toBe(true);
    for (const lazy of ['node_modules/prompts/', 'node_modules/execa/', 'node_modules/handlebars/', 'src/ask.ts', 'src/install.ts', 'src/git.ts', 'src/check/', 'src/spec/']) {
      expect(eager.filter((input) => input.includes(lazy))).toEqual([]);
    }
  });

  it('precompiles every .hbs file and partial, so no run compiles Handlebars templates', async () => {
    const keys = new Set(JSON.parse(readFileSync(join(ROOT, '.tmp/precompiled-keys.json'), 'utf8')) as string[]);
    const layerNames = readdirSync(TEMPLATES_DIR, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    const missing: string[] = [];
    for (const layer of await loadLayers(layerNames)) {
      const sources = [
        ...layer.files.filter((file) => file.path.endsWith('.hbs')).map((file) => [`files/${file.path}`, file.contents.toString('utf8')]),
        ...Object.entries(layer.partials).map(([name, source]) => [`partials/${name}.hbs`, source]),
      ];
      for (const [path, source] of sources) if (!keys.has(templateKey(escapeActionsExpressions(source!)))) missing.push(`${layer.name}/${path}`);
    }
    expect(missing).toEqual([]);
  });

  it('keeps every chunk beside index.js, so templates/ is found from any of them', () => {
    expect(Object.keys(meta.outputs).every((output) => /^dist\/[^/]+$/.test(output))).toBe(true);
  });
});

describe('the packed tarball', () => {
  let installDir = '';
  let bin = '';
  beforeAll(() => {
    const packDir = tempDir('cbp-pack-');
    const [packed] = JSON.parse(execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
    installDir = tempDir('cbp-unpacked-');
    execFileSync('tar', ['-xzf', join(packDir, packed.filename), '-C', installDir]);
    bin = join(installDir, 'package/bin/create-backend-practice.js');
  }, 60_000);

  it('holds only bin, dist, templates and the usual metadata files, the licence text among them', () => {
    const top = readdirSync(join(installDir, 'package')).sort();
    expect(top.filter((name) => !['README.md', 'LICENSE', 'package.json'].includes(name))).toEqual(['bin', 'dist', 'templates']);
    expect(readFileSync(join(installDir, 'package/LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) 2026 The create-backend-practice authors\n/);
    expect(existsSync(join(installDir, 'package/node_modules'))).toBe(false);
    expect(existsSync(join(installDir, 'package/templates/base/files/_gitignore'))).toBe(true);
  });

  it('runs --list with nothing installed', async () => {
    const result = await runCli(['--list'], { cwd: tempDir(), bin });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('task-api');
  });

  it('generates a project whose dotfiles survived npm pack', async () => {
    const cwd = tempDir();
    const result = await runCli(['packed-api', '-t', 'task-api', '--yes', '--no-install', '--no-git'], { cwd, bin });
    expect(result.exitCode).toBe(0);
    for (const file of ['.gitignore', '.env.example', '.env', '.dockerignore']) expect(existsSync(join(cwd, 'packed-api', file)), file).toBe(true);
    expect(JSON.parse(readFileSync(join(cwd, 'packed-api/package.json'), 'utf8')).name).toBe('packed-api');
  });
});
