/**
 * Each practice stub keeps the promises of the file it stands for: for every template with a
 * track, every stub (`templates/<t>/practice/NN-<id>/stubs/<path>`) exports the same names, of the same
 * kinds, with the same signatures as the complete project's `<path>`, as TypeScript prints them
 * once the project's imports are resolved (tests/helpers/stub-signatures.ts). The rest of the
 * project calls a stub the way it calls the reference, and the learner's solution replaces it.
 *
 * SQL stubs (migrations) are out of scope: a migration exports nothing; its tests and the CI's
 * practice walk check what it creates.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { DEPLOY_TARGETS, layersOf } from '../src/deploy-targets.js';
import { loadLayers, loadTrackSource, loadVersions } from '../src/layers.js';
import { hasTrack } from '../src/modes.js';
import { packageManagerCommands } from '../src/package-manager.js';
import { type PlannedFile, planProject } from '../src/plan.js';
import { planPracticeProject } from '../src/practice-plan.js';
import { TEMPLATES, type TemplateInfo } from '../src/templates.js';
import { type Difference, compareExports, exportsOf, programOf, virtualDir, virtualPath } from './helpers/stub-signatures.js';

/** Stubs of these kinds export nothing to compare (see the top of this file). */
const NOT_MODULES = /\.sql$/;
const MODULES = /\.[cm]?[jt]sx?$/;

/**
 * Deliberate differences, `<template>:<stub path>:<export>`, each with its reason. An entry that
 * no longer matches a difference fails the test, so the list cannot go stale.
 */
const ALLOWED: Record<string, string> = {
  'task-api:src/tasks/tasks-list-repository.ts:sortKeyOf':
    'a helper between the two files of exercise 09 (only tasks-list-service.ts imports it, and both ' +
    'files are the learner’s): how to split the work between them is the learner’s choice',
  'task-api:src/auth/login-rate-limit.ts:loginRateLimit':
    'until exercise 11 is done login has no limit of its own, so the stub answers `rateLimit: undefined` ' +
    '(the global limit applies) where the reference answers its options object; auth-routes.ts takes either',
};

/** Both plans of a template, rendered the way the CLI renders them (src/index.ts, `planFiles`). */
/** `template:file` → where its stub is, for the messages. */
const stubLocations = new Map<string, string>();
const stubAt = (template: string, file: string) => stubLocations.get(`${template}:${file}`) ?? `templates/${template}/practice/…/stubs/${file}`;

async function plansOf(template: TemplateInfo) {
  const options = {
    projectName: 'check-me',
    template,
    pm: packageManagerCommands('npm'),
    versions: await loadVersions(),
    newSecret: () => 'fresh',
  };
  const layers = await loadLayers(layersOf(template, DEPLOY_TARGETS[0]!));
  const [practiceLayer] = await loadLayers(['practice']);
  const source = await loadTrackSource(template.name);
  const complete = planProject(options, layers);
  const practice = planPracticeProject(options, layers, practiceLayer!, source, complete);
  for (const [file, folder] of Object.entries(source.stubFolders)) stubLocations.set(`${template.name}:${file}`, `templates/${template.name}/practice/${folder}/stubs/${file}`);
  return { complete, practice, stubs: source.track.exercises.flatMap((exercise) => exercise.files) };
}

/** One stub to compare: the in-memory projects that hold its complete file and the stub. */
interface Pair {
  template: string;
  file: string;
  complete: string;
  stub: string;
}

/**
 * Every difference between the stubs and their complete files, as lines naming the template,
 * the file and the export, minus the `allowed` ones; an allowed difference that is not found is
 * a line too.
 */
function problemsOf(differences: (Difference & { template: string; file: string })[], allowed: Record<string, string>): string[] {
  const problems: string[] = [];
  const used = new Set<string>();
  for (const { template, file, name, message } of differences) {
    const key = `${template}:${file}:${name}`;
    if (key in allowed) used.add(key);
    else problems.push(`${stubAt(template, file)}: ${name}: ${message}`);
  }
  for (const key of Object.keys(allowed)) if (!used.has(key)) problems.push(`ALLOWED has ${key}, which no longer differs: remove it`);
  return problems;
}

/**
 * The break-on-purpose proof, on a real stub: task-api's passwords.ts with a parameter's type
 * changed, an export dropped and one added, in a third in-memory project beside the real two.
 */
const BREAKS: [string, string][] = [
  ['export async function hashPassword(_password: string,', 'export async function hashPassword(_password: number,'],
  ['export function needsRehash(', 'function needsRehash('],
  ['export async function spendPasswordCheckTime(', 'export const brokenOnPurpose = 1;\nexport async function spendPasswordCheckTime('],
];
const BROKEN_FILE = 'src/auth/passwords.ts';

const tracked = TEMPLATES.filter((template) => hasTrack(template.name));

/** Every project in memory and one Program over them all: the real stubs and the broken copy. */
async function load() {
  const files = new Map<string, string>();
  const pairs: Pair[] = [];
  const unchecked: string[] = [];
  const add = (project: string, planned: PlannedFile[]) => {
    for (const file of planned) files.set(virtualPath(project, file.path), file.contents.toString('utf8'));
  };
  let tsconfig = '';
  for (const template of tracked) {
    const { complete, practice, stubs } = await plansOf(template);
    add(`${template.name}-complete`, complete);
    add(`${template.name}-practice`, practice);
    // Complete mode's compiler options: practice mode only adds `.ts` imports for its runner.
    tsconfig ||= complete.find((file) => file.path === 'tsconfig.json')?.contents.toString('utf8') ?? '';
    for (const file of stubs) {
      if (NOT_MODULES.test(file)) continue;
      if (MODULES.test(file)) {
        pairs.push({ template: template.name, file, complete: `${template.name}-complete`, stub: `${template.name}-practice` });
      } else {
        unchecked.push(`${stubAt(template.name, file)}: a kind of stub this test cannot compare (see NOT_MODULES)`);
      }
    }
    if (template.name === 'task-api') {
      let broken = practice.find((file) => file.path === BROKEN_FILE)?.contents.toString('utf8') ?? '';
      for (const [from, to] of BREAKS) {
        if (!broken.includes(from)) throw new Error(`BREAKS: \`${from}\` is not in the ${BROKEN_FILE} stub any more: update BREAKS`);
        broken = broken.replace(from, to);
      }
      add('task-api-broken', practice.map((file) => (file.path === BROKEN_FILE ? { ...file, contents: Buffer.from(broken) } : file)));
    }
  }
  if (!files.has(virtualPath('task-api-broken', BROKEN_FILE))) throw new Error('the break-on-purpose proof needs task-api’s track (BREAKS)');
  const broken: Pair = { template: 'task-api', file: BROKEN_FILE, complete: 'task-api-complete', stub: 'task-api-broken' };
  const compared = [...pairs, broken].flatMap((pair) => [virtualPath(pair.complete, pair.file), virtualPath(pair.stub, pair.file)]);
  // Every source file is a root, as in the project's own tsconfig: a file nobody imports can
  // still add to a type (`declare module 'fastify'` gives every FastifyInstance its `db`).
  const sources = [...files.keys()].filter((path) => /\/src\/.*\.ts$/.test(path));
  const program = programOf(files, sources, tsconfig, virtualDir('task-api-complete'));
  const differences = (pair: Pair) =>
    compareExports(
      exportsOf(program, virtualPath(pair.complete, pair.file), virtualDir(pair.complete)),
      exportsOf(program, virtualPath(pair.stub, pair.file), virtualDir(pair.stub)),
    ).map((difference) => ({ template: pair.template, file: pair.file, ...difference }));
  const realRoots = compared.filter((path) => !path.includes('/task-api-broken/'));
  return { program, pairs, unchecked, differences, broken, realRoots };
}

const loaded = await load();

describe('practice stubs', () => {
  it('are compared for every template with a track', () => {
    expect(tracked.map((template) => template.name)).toContain('task-api');
    for (const template of tracked) {
      expect(loaded.pairs.filter((pair) => pair.template === template.name).length, template.name).toBeGreaterThan(0);
    }
  });

  // Checking is most of this file's time (~6 s of CPU), and slower on a busy machine.
  it('and their complete files type-check, so no type is an unresolved `any`', { timeout: 120_000 }, () => {
    const errors = loaded.realRoots.flatMap((root) =>
      loaded.program
        .getSemanticDiagnostics(loaded.program.getSourceFile(root))
        .map((diagnostic) => `${root}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`),
    );
    expect(errors).toEqual([]);
  });

  it('export the names, kinds and signatures of their complete files', () => {
    const problems = [...loaded.unchecked, ...problemsOf(loaded.pairs.flatMap(loaded.differences), ALLOWED)];
    const summary = `${problems.length} difference(s) between practice stubs and their complete files:\n${problems.join('\n')}`;
    expect(problems, summary).toEqual([]);
  });

  it('fail when a real stub is broken on purpose, naming every difference by file and export', () => {
    const problems = problemsOf(loaded.differences(loaded.broken), {});
    const at = `templates/task-api/practice/01-hash-passwords/stubs/${BROKEN_FILE}`;
    expect(problems).toEqual([
      `${at}: hashPassword: the function's signature differs\n` +
        '    stub:     (number, PasswordHashing) => Promise<string>\n' +
        '    complete: (string, PasswordHashing) => Promise<string>',
      `${at}: needsRehash: exported by the complete file (function), missing from the stub`,
      `${at}: brokenOnPurpose: exported by the stub (const), not by the complete file`,
    ]);
  });

  it('an allowed difference that is gone is reported, so ALLOWED cannot go stale', () => {
    expect(problemsOf([], { 'task-api:src/x.ts:y': 'a reason' })).toEqual([
      'ALLOWED has task-api:src/x.ts:y, which no longer differs: remove it',
    ]);
  });
});
