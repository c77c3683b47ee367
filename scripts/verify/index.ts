/**
 * The verification pipeline: every template generated the way users get it, checked, booted,
 * called, linted by third-party tools, published to a local registry, containerised, opened in
 * a browser, and run on Node 22 and 24. `.ci/run` runs all of it; run parts locally with
 *   npm run verify -- --tiers 2,3 --templates task-api --no-walk --no-corpus
 * Tiers: 2 generated projects (and, per template with a practice track, the practice walk) · 3 third-party checks (linters, and
 *        Portman's contract tests run by Newman) · 4 local registry · 5 containers ·
 *        6 browser · 7 Node 22 and 24 · 8 conformance check (tier 1 is `npm test`).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { hasTrack } from '../../src/modes.js';
import { TEMPLATE_NAMES } from '../../src/templates.js';
import { docsInBrowser, typedClientInBrowser } from './browser.js';
import { conformanceCheck, pythonTaskApiCheck } from './conformance.js';
import { containerCheck, prepareContainers } from './containers.js';
import { portmanContractTests } from './contract-tests.js';
import { run } from './exec.js';
import { dropCreatedDatabases, installNode, NPM_CACHE, REPO, TOOLS_BIN, WORK, withPathFirst } from './environment.js';
import { bootAndCall, checkProject, generate, projectDir } from './generated-project.js';
import { corpusDir, corpusTable, failures, readCorpus, runCorpus, trackTests } from './grader-corpus.js';
import { installReference, practiceWalk } from './practice-walk.js';
import { Report, Skip } from './report.js';
import { thirdPartyChecks } from './third-party.js';
import { upstreamFor } from './upstreams.js';

const { values } = parseArgs({
  options: {
    tiers: { type: 'string', default: '2,3,4,5,6,7,8' },
    templates: { type: 'string', default: TEMPLATE_NAMES.join(',') },
    // The practice walk is tier 2's slowest cell by far; `--no-walk` leaves it out of a local run
    // that checks something else (CI always walks).
    walk: { type: 'boolean', default: true },
    // The grader's corpus comes next in time: `--no-corpus` leaves it out the same way.
    corpus: { type: 'boolean', default: true },
  },
  allowNegative: true,
});
const tiers = new Set(values.tiers.split(','));
const templates = values.templates.split(',');
await rm(join(WORK, 'logs'), { recursive: true, force: true });
const report = new Report(join(WORK, 'logs'));
await mkdir(NPM_CACHE, { recursive: true });
// Tools from .ci/tools (pnpm among them) come first on PATH for every child process.
process.env.PATH = `${TOOLS_BIN}:${process.env.PATH}`;

let bin = '';
await report.cell('0', 'pack generator', async (log) => {
  await run(log, 'npm', ['run', 'build'], { cwd: REPO });
  const packDir = join(WORK, 'pack');
  await rm(packDir, { recursive: true, force: true });
  await mkdir(packDir, { recursive: true });
  await run(log, 'npm', ['pack', '--pack-destination', packDir], { cwd: REPO });
  const [tarball] = (await readdir(packDir)).filter((file) => file.endsWith('.tgz'));
  if (!tarball) throw new Error('npm pack wrote no tarball');
  await run(log, 'tar', ['xzf', tarball], { cwd: packDir });
  bin = join(packDir, 'package/bin/create-backend-practice.js');
});
if (!bin) process.exit(report.printSummary() ? 0 : 1);

const generated = new Set<string>();
/** Templates whose practice walk passed: their practice project ends with every reference in place. */
const walked = new Set<string>();
// The template that also gets the pnpm install (tier 2) and the browser check (tier 6).
const showcase = templates.includes('task-api') ? 'task-api' : templates[0];
for (const template of templates) {
  if (tiers.has('2')) {
    const ok = await report.cell('2', template, async (log) => {
      const dir = await generate(log, { bin, template, pm: 'npm', name: template });
      await checkProject(log, dir, 'npm');
      await bootAndCall(log, dir, template, upstreamFor(template));
    });
    if (ok) generated.add(template);
  }
  if (tiers.has('2') && values.walk && hasTrack(template)) {
    // The whole track, exercise by exercise, from a practice project; the reference files come
    // from the complete project generated just above.
    await report.cell('2', `${template} practice walk`, async (log) => {
      if (!generated.has(template)) throw new Skip('needs the complete project (tier 2) to pass first');
      // Named like the complete project, so the files that carry the name (config defaults such as
      // JWT_AUDIENCE) can equal the reference at the end of the walk.
      // On Node 22, the oldest the generated projects support: the runner (`npm run practice`)
      // uses Node's type stripping, which this machine's Node 20 does not have.
      const node22 = await installNode('22');
      await withPathFirst(node22, async () => {
        const dir = await generate(log, { bin, template, pm: 'npm', name: `${template}-practice`, packageName: template, mode: 'practice' });
        log.write(`\nwalk (${await run(log, 'node', ['--version'], { cwd: dir })}): ${await practiceWalk(log, dir, projectDir(template), { upstream: upstreamFor(template) })}\n`);
        walked.add(template);
      });
    });
  }
  if (tiers.has('2') && values.corpus && hasTrack(template) && existsSync(corpusDir(template))) {
    // The grader's corpus: each wrong solution must fail its exercise, each alternative pass it.
    // A finished walk leaves a practice project with every reference in place; without the walk
    // (--no-walk) a practice project is generated and the references copied in.
    await report.cell('2', `${template} grader corpus`, async (log) => {
      if (!generated.has(template)) throw new Skip('needs the complete project (tier 2) to pass first');
      const node22 = await installNode('22');
      await withPathFirst(node22, async () => {
        let dir = projectDir(`${template}-practice`);
        if (!walked.has(template)) {
          dir = await generate(log, { bin, template, pm: 'npm', name: `${template}-corpus`, packageName: template, mode: 'practice' });
          const track = JSON.parse(await readFile(join(dir, '.practice/track.json'), 'utf8')) as { exercises: { files: string[] }[] };
          for (const exercise of track.exercises) await installReference(dir, projectDir(template), exercise.files);
        }
        const results = await runCorpus(log, dir, await readCorpus(template), { tests: await trackTests(dir, template) });
        log.write(`\n${corpusTable(results).map((row) => row.join(' | ')).join('\n')}\n`);
        const waiting = results.filter((result) => !result.proven).length - failures(results).length;
        if (waiting > 0) log.write(`\n${waiting} caught-by: analyzer entries wait for \`npm run practice -- analyze\`\n`);
        const unproven = failures(results);
        if (unproven.length > 0) {
          throw new Error(unproven.map((r) => `${r.entry.exercise}/${r.entry.name} (${r.entry.kind}): ${r.detail}`).join('; '));
        }
      });
    });
  }
  if (tiers.has('3')) {
    await report.cell('3', template, async (log) => {
      if (!generated.has(template)) throw new Skip('needs tier 2 to pass first');
      await thirdPartyChecks(log, projectDir(template));
    });
    await report.cell('3', `${template} contract tests`, async (log) => {
      if (!generated.has(template)) throw new Skip('needs tier 2 to pass first');
      log.write(`\nPortman + Newman: ${await portmanContractTests(log, projectDir(template), template, upstreamFor(template))}\n`);
    });
  }
  if (tiers.has('8')) {
    await report.cell('8', `check ${template}`, async (log) => {
      if (!generated.has(template)) throw new Skip('needs tier 2 to pass first');
      await conformanceCheck(log, { bin, dir: projectDir(template), template, upstream: upstreamFor(template) });
    });
  }
}

// The spec is language-neutral: a Python task-api built from `spec`'s output alone passes the check.
if (tiers.has('8') && templates.includes('task-api')) {
  await report.cell('8', 'check task-api against Python', (log) => pythonTaskApiCheck(log, bin));
}

if (tiers.has('2') && showcase) {
  await report.cell('2', `${showcase} (pnpm)`, async (log) => {
    const dir = await generate(log, { bin, template: showcase, pm: 'pnpm', name: `${showcase}-pnpm` });
    if (!existsSync(join(dir, 'pnpm-lock.yaml'))) throw new Error('pnpm install wrote no pnpm-lock.yaml');
    await checkProject(log, dir, 'pnpm');
  });
}

if (tiers.has('4')) {
  await report.cell('4', 'npm create via Verdaccio', async (log) => {
    await run(log, 'npm', ['run', 'test:registry'], { cwd: REPO, timeoutMs: 20 * 60_000 });
  });
}

if (tiers.has('5')) {
  const ready = await report.cell('5', 'podman setup', (log) => prepareContainers(log));
  for (const template of templates) {
    await report.cell('5', template, async (log) => {
      if (!ready) throw new Skip('Podman is not available (see "5 · podman setup")');
      if (!generated.has(template)) throw new Skip('needs tier 2 to pass first');
      await containerCheck(log, projectDir(template), template);
    });
  }
}

if (tiers.has('6') && showcase) {
  await report.cell('6', `${showcase} /docs`, async (log) => {
    if (!generated.has(showcase)) throw new Skip('needs tier 2 to pass first');
    await docsInBrowser(log, projectDir(showcase));
  });
}
if (tiers.has('6')) {
  for (const template of templates) {
    await report.cell('6', `${template} typed client`, async (log) => {
      if (!generated.has(template)) throw new Skip('needs tier 2 to pass first');
      await typedClientInBrowser(log, projectDir(template), template);
    });
  }
}

if (tiers.has('7')) {
  // The contract promises Node 20 (this machine), 22 and 24. Each other major runs the
  // generator's tests and a different generated project's tests and build.
  const ready = templates.filter((name) => generated.has(name));
  for (const [index, major] of ['22', '24'].entries()) {
    await report.cell('7', `Node ${major}`, async (log) => {
      const env = { PATH: `${await installNode(major)}:${process.env.PATH}` };
      await run(log, 'node', ['--version'], { cwd: REPO, env });
      await run(log, 'npm', ['test'], { cwd: REPO, env });
      const template = ready[index % Math.max(ready.length, 1)];
      if (!template) throw new Skip(`the generator passed on Node ${major}; no generated project to run (tier 2 did not pass)`);
      const dir = projectDir(template);
      await run(log, 'npm', ['test'], { cwd: dir, env });
      await run(log, 'npm', ['run', 'build'], { cwd: dir, env });
    });
  }
}

await dropCreatedDatabases();
process.exit(report.printSummary() ? 0 : 1);
