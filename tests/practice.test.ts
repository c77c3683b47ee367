/**
 * Practice mode's generator side: the track lint (run on every real track and on the fixture),
 * the practice plan built from the complete plan, and complete mode left exactly as it was.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DEPLOY_TARGETS, layersOf } from '../src/deploy-targets.js';
import { TEMPLATES_DIR, loadLayers, loadTrackSource, loadVersions } from '../src/layers.js';
import { hasTrack } from '../src/modes.js';
import { packageManagerCommands } from '../src/package-manager.js';
import { type PlanOptions, type PlannedFile, TemplateError, planProject } from '../src/plan.js';
import { type TrackSource, lintTrack, planPracticeProject } from '../src/practice-plan.js';
import { TEMPLATES, findTemplate } from '../src/templates.js';
import { FIXTURE_TEMPLATES } from './helpers/practice.js';

const taskApi = findTemplate('task-api')!;
const optionsFor = async (template = taskApi, pm: 'npm' | 'pnpm' | 'yarn' | 'bun' = 'npm'): Promise<PlanOptions> => ({
  projectName: 'learner-api',
  template,
  pm: packageManagerCommands(pm),
  versions: await loadVersions(),
  newSecret: () => 'fresh',
});
/** Paths, layers, modes and bytes of a plan in one hash (comparing buffers one by one is slow). */
const digest = (files: PlannedFile[]) => {
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.path}\0${file.layer}\0${file.executable}\0`).update(file.contents);
  return hash.digest('hex');
};
const paths = (files: PlannedFile[]) => new Set(files.map((file) => file.path));
const textOf = (files: PlannedFile[], path: string) => files.find((file) => file.path === path)?.contents.toString('utf8');

/** Every real track in templates/, plus the fixture. */
const tracks = [
  ...TEMPLATES.filter((t) => hasTrack(t.name)).map((t) => ({ name: `templates/${t.name}`, template: t, dir: TEMPLATES_DIR })),
  { name: 'fixture', template: taskApi, dir: FIXTURE_TEMPLATES },
];

describe.each(tracks)('the $name practice track', ({ template, dir }) => {
  let source: TrackSource;
  let complete: PlannedFile[];
  beforeAll(async () => {
    source = await loadTrackSource(template.name, dir);
    complete = planProject(await optionsFor(template), await loadLayers(template.layers));
  });

  it('is sound: ids, titles, skills, goals, goal files, ≥ 2 hints, tests and files of the complete project, each file in one exercise with a stub', () => {
    expect(lintTrack(source, paths(complete), template.name)).toEqual([]);
  });

  it('keeps the scripts that wait for exercises (`needs`) in .practice/track.json', async () => {
    const [practiceLayer] = await loadLayers(['practice']);
    const files = planPracticeProject(await optionsFor(template), await loadLayers(template.layers), practiceLayer!, source);
    const written = JSON.parse(textOf(files, '.practice/track.json')!);
    expect(written.needs).toEqual(source.track.needs);
  });

  it('renders with every package manager and deploy target, stubs in place of the exercise files', async () => {
    const [practiceLayer] = await loadLayers(['practice']);
    for (const deploy of DEPLOY_TARGETS) {
      for (const pm of ['npm', 'pnpm'] as const) {
        const options = await optionsFor(template, pm);
        const layers = await loadLayers(layersOf(template, deploy));
        const files = planPracticeProject(options, layers, practiceLayer!, source);
        const completeFiles = planProject(options, layers);
        for (const exercise of source.track.exercises) {
          for (const file of exercise.files) expect(textOf(files, file), file).not.toBe(textOf(completeFiles, file));
        }
        // CI smoke-tests only what is finished: the runner decides, not the full flow.
        const workflow = textOf(files, '.github/workflows/ci.yml')!;
        for (const document of parseAllDocuments(workflow)) expect(document.errors).toEqual([]);
        if (deploy.layers.length > 0) {
          expect(workflow).toContain(`${options.pm.run} practice -- smoke --base-url "$APP_URL"`);
          expect(workflow).not.toContain(`${options.pm.run} smoke -- --base-url`);
        }
        // Outside the exercises' files, src/ and migrations/ are the complete project's.
        const exerciseFiles = new Set(source.track.exercises.flatMap((exercise) => exercise.files));
        for (const file of completeFiles.filter((f) => /^(src|migrations)\//.test(f.path) && !exerciseFiles.has(f.path))) {
          expect(textOf(files, file.path), file.path).toBe(file.contents.toString('utf8'));
        }
      }
    }
  });
});

describe('the track lint', () => {
  it('names every problem of an unsound track', async () => {
    const source = await loadTrackSource('task-api', FIXTURE_TEMPLATES);
    const complete = planProject(await optionsFor(), await loadLayers(taskApi.layers));
    const [first, second] = source.track.exercises;
    const broken: TrackSource = {
      ...source,
      track: {
        template: 'task-api',
        exercises: [
          { ...first!, id: 'Not Kebab', hints: ['only one'], tests: ['tests/nowhere.test.ts'] },
          { ...second!, title: '', files: [...second!.files, 'src/tasks/tasks-service.ts', 'src/missing.ts'] },
        ],
        needs: { 'db:seed': 'nowhere' },
      },
      docs: {},
    };
    const problems = lintTrack(broken, paths(complete), 'task-api').join('\n');
    expect(problems).toMatch(/id must be kebab-case/);
    expect(problems).toMatch(/needs at least 2 hints/);
    expect(problems).toMatch(/test tests\/nowhere.test.ts is not a file of the complete project/);
    expect(problems).toMatch(/title is missing/);
    expect(problems).toMatch(/src\/tasks\/tasks-service.ts already belongs to exercise Not Kebab/);
    expect(problems).toMatch(/src\/missing.ts is not a file of the complete project/);
    expect(problems).toMatch(/src\/missing.ts has no stub/);
    expect(problems).toMatch(/goal file practice\/exercises\/01-Not Kebab.md is missing/);
    expect(problems).toMatch(/needs: script db:seed needs exercise "nowhere", which the track does not have/);
  });

  it('stops the plan with a TemplateError naming the problem', async () => {
    const source = await loadTrackSource('task-api', FIXTURE_TEMPLATES);
    const [practiceLayer] = await loadLayers(['practice']);
    const broken = { ...source, track: { ...source.track, exercises: [{ ...source.track.exercises[0]!, hints: [] }] } };
    const options = await optionsFor();
    const layers = await loadLayers(taskApi.layers);
    expect(() => planPracticeProject(options, layers, practiceLayer!, broken)).toThrow(TemplateError);
    expect(() => planPracticeProject(options, layers, practiceLayer!, broken)).toThrow(/needs at least 2 hints/);
  });
});

describe('the practice plan (fixture track)', () => {
  let files: PlannedFile[];
  let complete: PlannedFile[];
  beforeAll(async () => {
    const options = await optionsFor();
    const layers = await loadLayers(taskApi.layers);
    const [practiceLayer] = await loadLayers(['practice']);
    complete = planProject(options, layers);
    files = planPracticeProject(options, layers, practiceLayer!, await loadTrackSource('task-api', FIXTURE_TEMPLATES));
  });

  it('writes the track without the why texts, fresh progress, the exercise docs and one solution per exercise', () => {
    const track = JSON.parse(textOf(files, '.practice/track.json')!);
    expect(track.exercises.map((exercise: { id: string }) => exercise.id)).toEqual(['tasks-service', 'seed']);
    expect(track.exercises[0]).not.toHaveProperty('why');
    expect(track.exercises[1]).toMatchObject({ title: 'Seed demo data', files: ['src/cli/seed.ts'], tests: ['tests/cli/seed.test.ts'] });
    expect(JSON.parse(textOf(files, '.practice/progress.json')!)).toEqual({ version: 1, done: [], hints: {} });
    for (const path of ['.practice/exercises/01-tasks-service.md', '.practice/exercises/02-seed.md', '.practice/solutions/01-tasks-service.b64', '.practice/solutions/02-seed.b64']) {
      expect(paths(files).has(path), path).toBe(true);
    }
  });

  it('stores each solution encoded, decoding to the complete files and the why', () => {
    const stored = textOf(files, '.practice/solutions/01-tasks-service.b64')!;
    expect(stored).not.toContain('export async function');
    const solution = JSON.parse(gunzipSync(Buffer.from(stored, 'base64')).toString('utf8'));
    expect(solution.files['src/tasks/tasks-service.ts']).toBe(textOf(complete, 'src/tasks/tasks-service.ts'));
    expect(solution.why).toMatch(/one transaction/);
  });

  it('puts the stubs in place and answers 501 naming the exercise and the file', () => {
    expect(textOf(files, 'src/tasks/tasks-service.ts')).toContain("new HttpProblem(501, 'Exercise 01 \"tasks-service\" is not done yet: open src/tasks/tasks-service.ts'");
    expect(textOf(files, 'src/cli/seed.ts')).toMatch(/^\/\*\* Exercise 02 "seed"/);
  });

  it('adds the runner, the gated vitest config, biome leaving .practice alone, and the scripts', () => {
    const pkg = JSON.parse(textOf(files, 'package.json')!);
    expect(pkg.scripts.practice).toBe('node --experimental-strip-types --disable-warning=ExperimentalWarning scripts/practice.ts');
    expect(pkg.scripts['db:reset']).toContain('scripts/practice/database.ts reset');
    expect(pkg.scripts['db:seed']).toBe('tsx --env-file-if-exists=.env scripts/practice/seed.ts');
    expect(pkg.devDependencies.diff).toBeDefined();
    expect(textOf(files, 'vitest.config.ts')).toContain('lockedTestFiles()');
    expect(JSON.parse(textOf(files, 'biome.json')!).files.includes).toContain('!.practice');
    for (const path of ['scripts/practice.ts', 'scripts/practice/track.ts', 'scripts/practice/tests.ts', 'scripts/practice/commands.ts']) {
      expect(paths(files).has(path), path).toBe(true);
    }
    expect(textOf(files, 'scripts/practice/commands.ts')).toContain("RUN = 'npm run'");
  });

  it('makes the README the learner’s portfolio skeleton and keeps the reference README under docs/', () => {
    const readme = textOf(files, 'README.md')!;
    expect(readme).toMatch(/^# learner-api\n/);
    expect(readme).toContain('<!-- practice:built:start -->');
    expect(readme).toContain('<!-- practice:built:end -->');
    expect(readme).toContain('## My decisions');
    expect(readme).toContain('| 02 | [Seed demo data](.practice/exercises/02-seed.md) | SQL: idempotent scripts | `src/cli/seed.ts` |');
    expect(readme).toContain('- **Create, read, update and delete tasks** (HTTP: status codes)');
    const reference = textOf(files, 'docs/REFERENCE.md')!;
    expect(reference).toMatch(/^> \*\*The reference project's README\*\*/);
    expect(reference).toContain(textOf(complete, 'README.md')!);
  });
});

describe('complete mode', () => {
  it('is the plan of the code path without modes, for every template, deploy target and package manager', async () => {
    for (const template of TEMPLATES) {
      for (const deploy of DEPLOY_TARGETS) {
        for (const pm of ['npm', 'pnpm', 'yarn', 'bun'] as const) {
          const layers = await loadLayers(layersOf(template, deploy));
          const options = await optionsFor(template, pm);
          expect(digest(planProject({ ...options, mode: 'complete' }, layers)), `${template.name} ${deploy.name} ${pm}`).toBe(digest(planProject(options, layers)));
        }
      }
    }
  });

  it('carries nothing of practice mode', async () => {
    for (const template of TEMPLATES) {
      const files = planProject({ ...(await optionsFor(template)), mode: 'complete' }, await loadLayers(template.layers));
      expect([...paths(files)].filter((path) => path.startsWith('.practice/') || path.startsWith('scripts/practice'))).toEqual([]);
      for (const file of files) expect(file.contents.toString('utf8'), file.path).not.toMatch(/lockedTestFiles|!\.practice|npm run practice/);
    }
  });
});

describe('templates/practice', () => {
  it('is a layer of its own, used by no template directly', () => {
    expect(existsSync(join(TEMPLATES_DIR, 'practice/layer.json'))).toBe(true);
    expect(TEMPLATES.some((t) => t.layers.includes('practice'))).toBe(false);
    expect(readdirSync(join(TEMPLATES_DIR, 'practice/files/scripts/practice')).length).toBeGreaterThan(0);
  });
});
