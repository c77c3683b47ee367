/**
 * Every template, type-checked and linted the way its own CI does, on every `npm test`: each
 * variant is rendered by the pure planner, then `tsc --noEmit` and the project's `npm run lint` run
 * against the one shared install of the templates' dependencies (tests/helpers/template-check.ts).
 * Nothing is installed or fetched here.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEPLOY_TARGETS, layersOf } from '../src/deploy-targets.js';
import { loadLayers, loadVersions } from '../src/layers.js';
import { PACKAGE_MANAGERS, packageManagerCommands } from '../src/package-manager.js';
import { type PlannedFile, planProject } from '../src/plan.js';
import { TEMPLATES } from '../src/templates.js';
import { TEMPLATE_DEPS_DIR, checkProject, writeProject } from './helpers/template-check.js';

/**
 * Every choice that can change a generated project, with its values. A new choice (e.g. `--mode`)
 * is one line here, read by `render` below; the cost stays the same unless it changes code.
 */
const AXES = {
  template: TEMPLATES,
  deploy: DEPLOY_TARGETS,
  pm: PACKAGE_MANAGERS.map((name) => ({ name })),
};
type Variant = { [axis in keyof typeof AXES]: (typeof AXES)[axis][number] };

async function render(variant: Variant): Promise<PlannedFile[]> {
  return planProject(
    {
      projectName: 'check-me',
      template: variant.template,
      pm: packageManagerCommands(variant.pm.name),
      versions: await loadVersions(),
      newSecret: () => 'fresh',
    },
    await loadLayers(layersOf(variant.template, variant.deploy)),
  );
}

/** Every combination of every axis. */
function variants(): Variant[] {
  let combinations: Record<string, { name: string }>[] = [{}];
  for (const [axis, values] of Object.entries(AXES)) {
    combinations = combinations.flatMap((partial) => values.map((value) => ({ ...partial, [axis]: value })));
  }
  return combinations as Variant[];
}

const label = (variant: Variant) => Object.values(variant).map((value) => value.name).join(' · ');

/**
 * What tsc and Biome's code rules see: TypeScript, JavaScript and JSON (package.json, tsconfig,
 * biome.json). The rest (README, workflows, Dockerfile, fly.toml…) is what the deploy target and
 * the package manager change; templates.test.ts and deploy.test.ts check those in every variant.
 */
const isCode = (path: string) => /\.(?:[cm]?[jt]sx?|jsonc?)$/.test(path);

/** Variants whose code is byte-for-byte the same are checked once. */
interface CodeGroup {
  name: string;
  variants: string[];
  files: PlannedFile[];
}

async function groupByCode(): Promise<CodeGroup[]> {
  const groups = new Map<string, CodeGroup>();
  for (const variant of variants()) {
    const files = await render(variant);
    const hash = createHash('sha256');
    for (const file of files.filter((f) => isCode(f.path))) hash.update(`${file.path}\0`).update(file.contents).update('\0');
    const key = hash.digest('hex');
    const group = groups.get(key);
    if (group) group.variants.push(label(variant));
    else groups.set(key, { name: '', variants: [label(variant)], files });
  }
  // Named after the first variant's template, numbered when one template has several.
  const named = [...groups.values()];
  for (const group of named) {
    const template = group.variants[0]!.split(' · ')[0]!;
    const same = named.filter((other) => other.variants[0]!.startsWith(`${template} ·`));
    group.name = same.length === 1 ? template : `${template}-${same.indexOf(group) + 1}`;
  }
  return named;
}

describe('the templates’ dependencies, installed once for these checks', () => {
  it('are exactly templates/versions.json (tests/template-deps is an npm workspace)', async () => {
    const workspace = JSON.parse(readFileSync(join(TEMPLATE_DEPS_DIR, 'package.json'), 'utf8'));
    expect(
      workspace.dependencies,
      'tests/template-deps/package.json must list templates/versions.json exactly: run `npm run template-deps`',
    ).toEqual(await loadVersions());
  });
});

const groups = await groupByCode();

describe('every template variant type-checks and passes its own lint', () => {
  it('covers every variant once', () => {
    expect(groups.flatMap((group) => group.variants).sort()).toEqual(variants().map(label).sort());
  });

  it.concurrent.each(groups.map((group) => ({ ...group, covers: group.variants.length })))(
    '$name ($covers variants)',
    { timeout: 180_000 },
    async (group) => {
      const result = await checkProject(writeProject(group.name, group.files));
      expect(result.passed, `${group.variants.join(', ')}\n\n${result.output}`).toBe(true);
    },
  );
});

describe('the check itself', () => {
  it('fails on a type error and on a lint error, naming each file', { timeout: 120_000 }, async () => {
    // task-api's own configuration (package.json, tsconfig, Biome) with two broken source files:
    // one tsc run and one lint run over a few files, not another full type-check.
    const config = (await render({ template: TEMPLATES[0]!, deploy: DEPLOY_TARGETS[0]!, pm: { name: 'npm' } })).filter((file) =>
      ['package.json', 'tsconfig.json', 'biome.json', '.gitignore'].includes(file.path),
    );
    const source = (path: string, text: string): PlannedFile => ({ path, contents: Buffer.from(text), layer: 'test' });
    const result = await checkProject(
      writeProject('proof-broken', [
        ...config,
        source('src/tasks/wrong-type.ts', "export const count: number = 'one';\n"),
        source('src/tasks/lint-error.ts', 'export function stop(): void {\n  debugger;\n}\n'),
      ]),
    );
    expect(result.passed).toBe(false);
    expect(result.output).toMatch(/tsc --noEmit failed[^]*src\/tasks\/wrong-type\.ts.*TS2322/);
    expect(result.output).toMatch(/npm run lint failed[^]*src\/tasks\/lint-error\.ts[^]*noDebugger/);
  });
});
