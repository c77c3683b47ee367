/**
 * Practice mode's generator side: the track lint (run on every real track and on the fixture),
 * the practice plan built from the complete plan, and complete mode left exactly as it was.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { DEPLOY_TARGETS, layersOf } from '../src/deploy-targets.js';
import { TEMPLATES_DIR, loadLayers, loadTrackSource, loadVersions } from '../src/layers.js';
import { hasTrack, runsPractice } from '../src/modes.js';
import { packageManagerCommands } from '../src/package-manager.js';
import { type PlanOptions, type PlannedFile, TemplateError, planProject } from '../src/plan.js';
import { linksFromDocs, type TrackSource, lintTrack, planPracticeProject } from '../src/practice-plan.js';
import { TEMPLATES, findTemplate } from '../src/templates.js';
import { runCli, tempDir, testEnv } from './helpers/cli.js';
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

  it('gives each exercise a first-person "built" line for the portfolio, not its goal, and at most one deploy exercise', () => {
    for (const exercise of source.track.exercises) {
      expect(exercise.built, exercise.id).toMatch(/^[A-Z]/);
      expect(exercise.built, exercise.id).not.toBe(exercise.goal);
      // The learner's voice: what I did, never "you" or "your".
      expect(exercise.built, exercise.id).not.toMatch(/\byou(r|rs)?\b/i);
    }
    expect(source.track.exercises.filter((exercise) => exercise.deploys).length).toBeLessThanOrEqual(1);
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
        // CI's PostgreSQL job runs `test` with TEST_DATABASE_URL: the finished exercises'
        // *.postgres.test.ts checks (unlocked by progress.json) run there on every push.
        expect(workflow).toContain("TEST_DATABASE_URL: ${{ matrix.database == 'postgres' &&");
        expect(workflow).toContain(`- run: ${options.pm.run} test`);
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

describe.each(tracks.filter((track) => track.dir === TEMPLATES_DIR))('the $name practice README', ({ template }) => {
  it('says in its README which exercise makes the first calls answer: the one graded by tests/readme-first-calls.test.ts', async () => {
    const [practiceLayer] = await loadLayers(['practice']);
    const files = planPracticeProject(await optionsFor(template), await loadLayers(template.layers), practiceLayer!, await loadTrackSource(template.name));
    const readme = textOf(files, 'README.md')!;
    const index = (await loadTrackSource(template.name)).track.exercises.findIndex((exercise) => exercise.tests.includes('tests/readme-first-calls.test.ts'));
    expect(index, 'no exercise is graded by tests/readme-first-calls.test.ts').toBeGreaterThanOrEqual(0);
    const note = /The calls below answer once exercise (\d\d)\b/.exec(readme);
    expect(note?.[1], 'the README\'s note (partial readme-practice-first-calls-note) names another exercise').toBe(String(index + 1).padStart(2, '0'));
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
    expect(problems).toMatch(/practice\/01-Not Kebab\/README.md is missing/);
    expect(problems).toMatch(/the stub of src\/tasks\/tasks-service.ts is in practice\/01-tasks-service\/, not in practice\/02-seed\//);
    expect(problems).toMatch(/needs: script db:seed needs exercise "nowhere", which the track does not have/);
  });

  it('reads each exercise from its folder, and names what a folder gets wrong', async () => {
    const templates = tempDir('track-folders-');
    cpSync(join(FIXTURE_TEMPLATES, 'task-api'), join(templates, 'task-api'), { recursive: true });
    const practice = join(templates, 'task-api/practice');
    const sound = await loadTrackSource('task-api', templates);
    expect(sound.problems).toEqual([]);
    const [first] = sound.track.exercises;
    expect(first).toMatchObject({ id: 'tasks-service', title: 'Create, read, update and delete tasks', skill: 'HTTP: status codes' });
    // hints.md and why.md are wrapped Markdown: lines of a paragraph join with a space
    expect(first!.hints[1]).toBe('Each function calls the repository in src/tasks/tasks-repository.ts; writes run in db.transaction.');
    expect(sound.docs['01-tasks-service.md']!.toString()).not.toContain('---');

    // Break each file of the folders on purpose.
    const trackFile = JSON.parse(readFileSync(join(practice, 'track.json'), 'utf8'));
    trackFile.exercises[0].hints = ['a hint left in track.json'];
    writeFileSync(join(practice, 'track.json'), JSON.stringify(trackFile));
    const page = readFileSync(join(practice, '01-tasks-service/README.md'), 'utf8');
    writeFileSync(join(practice, '01-tasks-service/README.md'), page.replace('skill:', 'skil:'));
    writeFileSync(join(practice, '01-tasks-service/hints.md'), '## Hint 1\n\none\n\n## Hint 3\n\nthree\n');
    rmSync(join(practice, '02-seed/why.md'));
    mkdirSync(join(practice, '03-left-over'));
    mkdirSync(join(practice, '02-seed/stubs/src/tasks'), { recursive: true });
    writeFileSync(join(practice, '02-seed/stubs/src/tasks/tasks-schemas.ts'), 'export {};\n');
    const broken = await loadTrackSource('task-api', templates);
    const complete = planProject(await optionsFor(), await loadLayers(taskApi.layers));
    const problems = lintTrack(broken, paths(complete), 'task-api').join('\n');
    expect(problems).toMatch(/track.json, exercise 01-tasks-service: hints belong in practice\/01-tasks-service\//);
    expect(problems).toMatch(/practice\/01-tasks-service\/README.md front matter: "skil: .*" is not one of title, skill, goal, built/);
    expect(problems).toMatch(/exercise 1 \(tasks-service\): skill is missing/);
    expect(problems).toMatch(/practice\/01-tasks-service\/hints.md: "## Hint 3" where "## Hint 2" was expected/);
    expect(problems).toMatch(/practice\/02-seed\/why.md is missing/);
    expect(problems).toMatch(/exercise 2 \(seed\): why is missing/);
    expect(problems).toMatch(/practice\/03-left-over\/ is not an exercise of track.json/);
    expect(problems).toMatch(/stub practice\/02-seed\/stubs\/src\/tasks\/tasks-schemas.ts is not one of that exercise's files/);
  });

  it('wants a "built" line per exercise and one deploy exercise at most', async () => {
    const source = await loadTrackSource('task-api', FIXTURE_TEMPLATES);
    const complete = planProject(await optionsFor(), await loadLayers(taskApi.layers));
    const [first, second] = source.track.exercises;
    const track = { template: 'task-api', exercises: [{ ...first!, built: '', deploys: true }, { ...second!, deploys: true }] };
    const problems = lintTrack({ ...source, track }, paths(complete), 'task-api').join('\n');
    expect(problems).toMatch(/exercise 1 \(tasks-service\): built is missing/);
    expect(problems).toMatch(/only one exercise can be finished by deploying/);
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

  it('keeps only the first hint readable: the others are encoded like solutions, decoded one at a time by `hint`', async () => {
    const source = await loadTrackSource('task-api', FIXTURE_TEMPLATES);
    const track = JSON.parse(textOf(files, '.practice/track.json')!);
    source.track.exercises.forEach((exercise, index) => {
      expect(track.exercises[index].hints).toEqual(exercise.hints.slice(0, 1));
      expect(track.exercises[index].hintCount).toBe(exercise.hints.length);
      const stored = textOf(files, `.practice/hints/0${index + 1}-${exercise.id}.b64`)!;
      for (const later of exercise.hints.slice(1)) expect(stored).not.toContain(later.slice(0, 20));
      expect(JSON.parse(gunzipSync(Buffer.from(stored, 'base64')).toString('utf8')).hints).toEqual(exercise.hints);
    });
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
    expect(pkg.scripts.practice).toBe(
      'node scripts/practice/require-node.mjs && node --experimental-strip-types --disable-warning=ExperimentalWarning scripts/practice.ts',
    );
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
    // The complete README, its relative links rewritten for a file in docs/.
    expect(reference).toContain(linksFromDocs(textOf(complete, 'README.md')!));
    expect(reference).not.toMatch(/\]\(docs\//);
    expect(linksFromDocs('[a](docs/design.md) [b](requests.http) [c](https://x.dev/docs/y) [d](#top)')).toBe(
      '[a](design.md) [b](../requests.http) [c](https://x.dev/docs/y) [d](#top)',
    );
  });
});

describe('the task-api practice README and the deploy exercise', () => {
  let source: TrackSource;
  beforeAll(async () => {
    source = await loadTrackSource('task-api', TEMPLATES_DIR);
  });
  const plan = async (deploy: (typeof DEPLOY_TARGETS)[number]) => {
    const [practiceLayer] = await loadLayers(['practice']);
    return planPracticeProject(await optionsFor(), await loadLayers(layersOf(taskApi, deploy)), practiceLayer!, source);
  };
  /** A `## ` section of a README, heading excluded. */
  const section = (readme: string, heading: string) => new RegExp(`^## ${heading}\n([\\s\\S]*?)(?=^## )`, 'm').exec(readme)?.[1];

  it('has a Deploying section with the host steps of the chosen target, the same text as the reference README', async () => {
    for (const deploy of DEPLOY_TARGETS) {
      const files = await plan(deploy);
      const deploying = section(textOf(files, 'README.md')!, 'Deploying');
      expect(deploying, deploy.name).toBeDefined();
      // The host's subsection, taken from the reference README (docs/REFERENCE.md): one source, two READMEs.
      const reference = section(textOf(files, 'docs/REFERENCE.md')!, 'Deployment')!;
      const host = /^### Deploy(?:ing to .+| the image|ing the image)\n[\s\S]*?(?=^### )/m.exec(reference)![0];
      expect(deploying, deploy.name).toContain(host);
      expect(deploying).toContain('### After a deploy: the smoke test');
      expect(deploying).toContain('PRACTICE_BASE_URL=https://<your app> npm run practice');
      expect(deploying).toContain('[Deploy it and smoke-test the live URL](.practice/exercises/12-deploy.md)');
      expect(deploying).toContain('npm run practice -- smoke --base-url');
    }
    const page = textOf(await plan(DEPLOY_TARGETS[0]!), '.practice/exercises/12-deploy.md')!;
    expect(page).toContain("README.md's **Deploying** section");
  });

  it('claims no deployment it has not seen, and writes .practice/track.json with the deploy exercise marked', async () => {
    const files = await plan(DEPLOY_TARGETS[0]!);
    const built = /<!-- practice:built:start -->([\s\S]*?)<!-- practice:built:end -->/.exec(textOf(files, 'README.md')!)![1]!;
    expect(built).not.toMatch(/deployed at|on the internet|live at/i);
    const written = JSON.parse(textOf(files, '.practice/track.json')!);
    expect(written.exercises.filter((exercise: { deploys?: boolean }) => exercise.deploys).map((e: { id: string }) => e.id)).toEqual(['deploy']);
    expect(written.exercises.every((exercise: { built?: string }) => typeof exercise.built === 'string')).toBe(true);
  });

  // The runner's README code, run from a rendered project: what it writes follows the progress,
  // and a line the learner reworded is kept.
  it('"What I built" follows the progress: ready is "not deployed yet", deployed names the URL and date, reworded lines stay', async () => {
    const files = await plan(DEPLOY_TARGETS[1]!);
    const dir = mkdtempSync(join(tmpdir(), 'practice-readme-'));
    try {
      for (const file of files.filter((f) => /^(scripts\/practice\/|\.practice\/track\.json$|README\.md$)/.test(f.path))) {
        mkdirSync(dirname(join(dir, file.path)), { recursive: true });
        writeFileSync(join(dir, file.path), file.contents);
      }
      const { updateWhatIBuilt } = await import(join(dir, 'scripts/practice/readme.ts'));
      const exercises = JSON.parse(readFileSync(join(dir, '.practice/track.json'), 'utf8')).exercises as { id: string; built: string }[];
      const readmeFile = join(dir, 'README.md');
      const before = readFileSync(readmeFile, 'utf8');
      const lines = () => /<!-- practice:built:start -->\n([\s\S]*?)\n<!-- practice:built:end -->/.exec(readFileSync(readmeFile, 'utf8'))![1]!.split('\n').filter((line) => line.startsWith('- ')).map((line) => line.replace(/ <!-- built:.*$/, ''));
      const all = exercises.map((exercise) => exercise.id);

      expect(updateWhatIBuilt(exercises, { version: 1, done: all, hints: {} }, readmeFile)).toBe(true);
      expect(lines()).toEqual([...exercises.slice(0, -1).map((e) => `- ${e.built}`), `- ${exercises.at(-1)!.built} Not deployed yet.`]);
      const outside = (text: string) => text.replace(/<!-- practice:built:start -->[\s\S]*<!-- practice:built:end -->/, '');
      expect(outside(readFileSync(readmeFile, 'utf8'))).toBe(outside(before));

      writeFileSync(readmeFile, readFileSync(readmeFile, 'utf8').replace(exercises[0]!.built, 'I chose Argon2id at 19 MiB after timing logins on my laptop.'));
      updateWhatIBuilt(exercises, { version: 1, done: all, hints: {}, deployed: { url: 'https://learner-api.fly.dev', at: '2026-12-07T11:00:00.000Z' } }, readmeFile);
      expect(lines()[0]).toBe('- I chose Argon2id at 19 MiB after timing logins on my laptop.');
      expect(lines().at(-1)).toBe(`- ${exercises.at(-1)!.built} Deployed at <https://learner-api.fly.dev>: the smoke test passed there on 2026-12-07.`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

describe('practice mode on a Node without type stripping', () => {
  it('knows which Node versions run the practice runner (22.12 and later)', () => {
    expect(['20.19.0', '22.11.0', '21.7.3', '18.20.0'].map(runsPractice)).toEqual([false, false, false, false]);
    expect(['22.12.0', '22.23.3', '24.0.0', '25.1.0'].map(runsPractice)).toEqual([true, true, true, true]);
  });

  it('refuses --mode practice before writing (exit 2), naming the way out', async () => {
    const cwd = tempDir();
    const env = testEnv({ CREATE_BACKEND_PRACTICE_TEST_NODE_VERSION: '20.19.0' });
    const result = await runCli(['learner', '-t', 'task-api', '--mode', 'practice', '--yes', '--no-install', '--no-git'], { cwd, env });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('Practice mode needs Node 22.12.0 or later (this is Node 20.19.0)');
    expect(result.stderr).toContain('--mode complete');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('`npm run practice` on this Node says in one line what it needs, before Node reads the type-stripping flag', async () => {
    const options = await optionsFor();
    const [practiceLayer] = await loadLayers(['practice']);
    const files = planPracticeProject(options, await loadLayers(taskApi.layers), practiceLayer!, await loadTrackSource('task-api', FIXTURE_TEMPLATES));
    const dir = tempDir();
    for (const path of ['scripts/practice/require-node.mjs', 'scripts/practice.ts']) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), textOf(files, path)!);
    }
    const script = JSON.parse(textOf(files, 'package.json')!).scripts.practice as string;
    // The script as npm runs it, with this process's Node first on PATH.
    const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH}` };
    const guard = await execa(script.split(' && ')[0]!, { cwd: dir, shell: true, reject: false, env });
    if (runsPractice(process.versions.node)) {
      expect(guard.exitCode).toBe(0);
    } else {
      expect(guard.exitCode).toBe(1);
      expect(guard.stderr).toBe(
        `The practice runner needs Node 22.12 or later (this is Node ${process.versions.node}): install Node 22 or 24 (https://nodejs.org, or \`nvm install 22\` with the .nvmrc here), then run it again.`,
      );
      const whole = await execa(script, { cwd: dir, shell: true, reject: false, env });
      expect(whole.exitCode).toBe(1);
      expect(whole.stderr).not.toContain('bad option');
    }
  });

  it('makes the complete project by default instead, and says why in one line', async () => {
    const env = testEnv({ CREATE_BACKEND_PRACTICE_TEST_NODE_VERSION: '22.11.0' });
    const result = await runCli(['learner', '-t', 'task-api', '--dry-run'], { cwd: tempDir(), env });
    expect(result.exitCode).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      'Creating the complete reference project: practice mode needs Node 22.12.0 or later (this is Node 22.11.0). Upgrade Node and use --mode practice for the exercises.',
    );
    expect(result.stdout).toContain('Mode complete');
    const json = await runCli(['learner', '-t', 'task-api', '--dry-run', '--json'], { cwd: tempDir(), env });
    expect(JSON.parse(json.stdout).mode).toBe('complete');
  });
});

describe('templates/practice', () => {
  it('is a layer of its own, used by no template directly', () => {
    expect(existsSync(join(TEMPLATES_DIR, 'practice/layer.json'))).toBe(true);
    expect(TEMPLATES.some((t) => t.layers.includes('practice'))).toBe(false);
    expect(readdirSync(join(TEMPLATES_DIR, 'practice/files/scripts/practice')).length).toBeGreaterThan(0);
  });
});
