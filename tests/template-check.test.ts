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
import { loadLayers, loadTrackSource, loadVersions } from '../src/layers.js';
import { MODES, hasTrack } from '../src/modes.js';
import { PACKAGE_MANAGERS, packageManagerCommands } from '../src/package-manager.js';
import { type PlannedFile, planProject } from '../src/plan.js';
import { planPracticeProject } from '../src/practice-plan.js';
import { TEMPLATES } from '../src/templates.js';
import { TEMPLATE_DEPS_DIR, checkProject, writeProject } from './helpers/template-check.js';

/**
 * Every choice that can change a generated project, with its values. A new choice (a new option)
 * is one line here, read by `render` below; the cost stays the same unless it changes code.
 */
const AXES = {
  template: TEMPLATES,
  mode: MODES,
  deploy: DEPLOY_TARGETS,
  pm: PACKAGE_MANAGERS.map((name) => ({ name })),
};
type Variant = { [axis in keyof typeof AXES]: (typeof AXES)[axis][number] };

/** Combinations the CLI refuses (exit 2) are not variants: practice mode needs a track. */
const possible = (variant: Variant) => variant.mode.name === 'complete' || hasTrack(variant.template.name);

/** Planned the way the CLI plans (src/index.ts, `planFiles`). */
async function render(variant: Variant): Promise<PlannedFile[]> {
  const options = {
    projectName: 'check-me',
    template: variant.template,
    pm: packageManagerCommands(variant.pm.name),
    versions: await loadVersions(),
    newSecret: () => 'fresh',
  };
  const layers = await loadLayers(layersOf(variant.template, variant.deploy));
  if (variant.mode.name === 'complete') return planProject(options, layers);
  const [practiceLayer] = await loadLayers(['practice']);
  return planPracticeProject(options, layers, practiceLayer!, await loadTrackSource(variant.template.name));
}

/** Every possible combination of every axis. */
function variants(): Variant[] {
  let combinations: Record<string, { name: string }>[] = [{}];
  for (const [axis, values] of Object.entries(AXES)) {
    combinations = combinations.flatMap((partial) => values.map((value) => ({ ...partial, [axis]: value })));
  }
  return (combinations as Variant[]).filter(possible);
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
  variants: string[];
  files: PlannedFile[];
}

/**
 * The code groups of one template in one mode. They are checked one after another in one
 * directory, so tsc's incremental build re-checks only the files where a group differs from the
 * previous one (e.g. practice mode's commands for another package manager).
 */
interface Family {
  name: string;
  groups: CodeGroup[];
}

async function families(): Promise<Family[]> {
  const byFamily = new Map<string, Map<string, CodeGroup>>();
  for (const variant of variants()) {
    const files = await render(variant);
    const hash = createHash('sha256');
    for (const file of files.filter((f) => isCode(f.path))) hash.update(`${file.path}\0`).update(file.contents).update('\0');
    const family = `${variant.template.name}-${variant.mode.name}`;
    const groups = byFamily.get(family) ?? new Map<string, CodeGroup>();
    byFamily.set(family, groups);
    const key = hash.digest('hex');
    const group = groups.get(key);
    if (group) group.variants.push(label(variant));
    else groups.set(key, { variants: [label(variant)], files });
  }
  return [...byFamily].map(([name, groups]) => ({ name, groups: [...groups.values()] }));
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

const checked = await families();

describe('every template variant type-checks and passes its own lint', () => {
  it('covers every variant once', () => {
    const covered = checked.flatMap((family) => family.groups.flatMap((group) => group.variants));
    expect(covered.sort()).toEqual(variants().map(label).sort());
  });

  it.concurrent.each(checked.map((family) => ({ ...family, count: family.groups.length })))(
    '$name ($count different code variants)',
    // Generous: on a busy machine four type-checks at once can take minutes.
    { timeout: 600_000 },
    async (family) => {
      for (const group of family.groups) {
        const result = await checkProject(writeProject(family.name, group.files));
        expect(result.passed, `${group.variants.join(', ')}\n\n${result.output}`).toBe(true);
      }
    },
  );
});

describe('the check itself', () => {
  it('fails on a type error and on a lint error, naming each file', { timeout: 120_000 }, async () => {
    // task-api's own configuration (package.json, tsconfig, Biome) with two broken source files:
    // one tsc run and one lint run over a few files, not another full type-check.
    const complete = MODES.find((mode) => mode.name === 'complete')!;
    const config = (await render({ template: TEMPLATES[0]!, mode: complete, deploy: DEPLOY_TARGETS[0]!, pm: { name: 'npm' } })).filter((file) =>
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
