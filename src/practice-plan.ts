/**
 * The practice plan, pure like `planProject`: the complete project, with each exercise's files
 * replaced by their stubs, the practice layer on top, and `.practice/` (the track, the exercise
 * docs, the encoded solutions, the learner's progress). Solutions are taken from the complete
 * plan itself, so they can never drift from complete mode.
 */
import { gzipSync } from 'node:zlib';
import { exerciseSlug } from './exercise-folder.js';
import { type Layer, type PlanOptions, type PlannedFile, TemplateError, planProject, toProjectPath } from './plan.js';

/**
 * A track as the generator uses it: `templates/<template>/practice/track.json` (the order and the
 * files) joined with each exercise's folder `NN-<id>/` (the page's front matter, hints.md, why.md).
 * See docs/ARCHITECTURE.md, "Practice mode".
 */
export interface Track {
  template: string;
  exercises: Exercise[];
  /**
   * Package scripts that run exercise code (`db:seed`), each with the last exercise it needs:
   * until that one and every one before it are done, the script says so in one line.
   */
  needs?: Record<string, string>;
}

/** What `track.json` says about one exercise: its place (the array order) and its files. */
export interface TrackFileExercise {
  /** kebab-case, unique in the track; its folder is `NN-<id>/` */
  id: string;
  /** project-relative files the learner writes; each belongs to exactly one exercise */
  files: string[];
  /** project-relative test files that grade it */
  tests: string[];
  /** finished by deploying: "ready" when its tests pass locally, "deployed" when they pass at a public URL */
  deploys?: boolean;
  /** environment variables the runner reads for this exercise, each with what to set it to */
  env?: Record<string, string>;
}

/** `templates/<template>/practice/track.json`. */
export interface TrackFile {
  template: string;
  exercises: TrackFileExercise[];
  needs?: Record<string, string>;
}

export interface Exercise extends TrackFileExercise {
  /** from the folder's README.md front matter */
  title: string;
  /** the roadmap skill it trains */
  skill: string;
  /** one sentence: what works once it is done */
  goal: string;
  /** one first-person sentence for README.md's "What I built" once it is done (the learner may reword it) */
  built: string;
  /** graduated hints, gentle first (at least two): hints.md */
  hints: string[];
  /** why the reference solution is written that way (shown with the solution): why.md */
  why: string;
}

/** What `templates/<template>/practice/` holds once read from disk (see layers.ts). */
export interface TrackSource {
  track: Track;
  /** the stubs as a layer: files under `NN-<id>/stubs/` (project paths), partials under `practice/partials/` */
  stubs: Layer;
  /** each stub's path as stored (before renames such as `.hbs`), with the exercise folder it came from */
  stubFolders: Record<string, string>;
  /** the pages without their front matter, by `NN-<id>.md` */
  docs: Record<string, Buffer>;
  /** what could not be read as an exercise folder (missing files, stray folders, bad front matter) */
  problems: string[];
}

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * Every problem with a track, as readable lines (empty when it is sound). `completePaths` are the
 * paths of the complete plan: an exercise can only take out, and test, what complete mode has.
 */
export function lintTrack(source: TrackSource, completePaths: ReadonlySet<string>, template: string): string[] {
  const { track } = source;
  const problems: string[] = [...source.problems];
  if (track.template !== template) problems.push(`track.json says template "${track.template}", expected "${template}"`);
  if (!Array.isArray(track.exercises) || track.exercises.length === 0) return [...problems, 'track.json has no exercises'];
  const stubPaths = new Set(source.stubs.files.map((file) => toProjectPath(file.path)));
  const stubFolders = new Map(Object.entries(source.stubFolders).map(([path, folder]) => [toProjectPath(path), folder]));
  const owner = new Map<string, string>();
  const ids = new Set<string>();
  track.exercises.forEach((exercise, index) => {
    const at = `exercise ${index + 1} (${exercise.id ?? 'no id'})`;
    if (typeof exercise.id !== 'string' || !KEBAB.test(exercise.id)) problems.push(`${at}: id must be kebab-case`);
    else if (ids.has(exercise.id)) problems.push(`${at}: id is used twice`);
    ids.add(exercise.id);
    for (const field of ['title', 'skill', 'goal', 'built', 'why'] as const) {
      if (typeof exercise[field] !== 'string' || exercise[field].trim() === '') problems.push(`${at}: ${field} is missing`);
    }
    if (!Array.isArray(exercise.hints) || exercise.hints.filter((hint) => typeof hint === 'string' && hint.trim()).length < 2) {
      problems.push(`${at}: needs at least 2 hints`);
    }
    if (!Array.isArray(exercise.tests) || exercise.tests.length === 0) problems.push(`${at}: needs at least 1 test file`);
    for (const test of exercise.tests ?? []) {
      if (!completePaths.has(test)) problems.push(`${at}: test ${test} is not a file of the complete project`);
      if (!/\.test\.ts$/.test(test)) problems.push(`${at}: test ${test} is not a *.test.ts file`);
    }
    if (!Array.isArray(exercise.files) || exercise.files.length === 0) problems.push(`${at}: needs at least 1 file`);
    for (const file of exercise.files ?? []) {
      if (!completePaths.has(file)) problems.push(`${at}: file ${file} is not a file of the complete project`);
      const slug = exerciseSlug(track, index);
      if (!stubPaths.has(file)) problems.push(`${at}: file ${file} has no stub (practice/${slug}/stubs/${file})`);
      else if (stubFolders.get(file) !== slug) problems.push(`${at}: the stub of ${file} is in practice/${stubFolders.get(file)}/, not in practice/${slug}/`);
      const earlier = owner.get(file);
      if (earlier) problems.push(`${at}: file ${file} already belongs to exercise ${earlier}`);
      owner.set(file, exercise.id);
    }
    if (exercise.deploys !== undefined && exercise.deploys !== true) problems.push(`${at}: deploys is true or absent`);
    if (!source.docs[`${exerciseSlug(track, index)}.md`]) problems.push(`${at}: practice/${exerciseSlug(track, index)}/README.md is missing`);
  });
  const tests = new Map<string, string>();
  for (const exercise of track.exercises) {
    for (const test of exercise.tests ?? []) {
      const earlier = tests.get(test);
      if (earlier && earlier !== exercise.id) problems.push(`test ${test} belongs to both ${earlier} and ${exercise.id}`);
      tests.set(test, exercise.id);
    }
  }
  if (track.exercises.filter((exercise) => exercise.deploys).length > 1) {
    problems.push('only one exercise can be finished by deploying (deploys: true)');
  }
  for (const stub of stubPaths) if (!owner.has(stub)) problems.push(`stub practice/${stubFolders.get(stub)}/stubs/${stub} is not one of that exercise's files`);
  for (const [script, id] of Object.entries(track.needs ?? {})) {
    if (!ids.has(id)) problems.push(`needs: script ${script} needs exercise "${id}", which the track does not have`);
  }
  return problems;
}

/** `.practice/progress.json` of a fresh project. */
export const FRESH_PROGRESS = { version: 1, done: [] as string[], hints: {} as Record<string, number> };

/**
 * The reference solution of one exercise as stored in the project: base64 of gzip of JSON
 * `{ files: { path: contents }, why }`. Encoded so nobody reads it by accident, not to keep a
 * determined reader out.
 */
export function encodeSolution(files: Record<string, string>, why: string): string {
  return encoded({ files, why });
}

/**
 * The hints of one exercise as stored in the project (`.practice/hints/NN-<id>.b64`), encoded like
 * a solution: the later hints come close to the code, so `track.json` keeps only the first one
 * and `npm run practice -- hint` decodes the next when it is asked for.
 */
export function encodeHints(hints: readonly string[]): string {
  return encoded({ hints });
}

function encoded(value: unknown): string {
  // gzip without a file name or time stamp: the same value always encodes the same way.
  return `${gzipSync(JSON.stringify(value)).toString('base64')}\n`;
}

/**
 * `complete` is the complete plan of the same options and layers; `practiceLayer` is
 * `templates/practice`. Throws `TemplateError` on an unsound track (see `lintTrack`).
 */
export function planPracticeProject(
  options: PlanOptions,
  layers: Layer[],
  practiceLayer: Layer,
  source: TrackSource,
  complete = planProject(options, layers),
): PlannedFile[] {
  const completeByPath = new Map(complete.map((file) => [file.path, file]));
  const problems = lintTrack(source, new Set(completeByPath.keys()), options.template.name);
  if (problems.length > 0) throw new TemplateError(`templates/${options.template.name}/practice: ${problems.join('; ')}`);

  // The stubs and the track's partials come last, so a track can refine the practice layer.
  const track = source.track.exercises.map(({ id, title, skill, goal, files, deploys }, index) => ({
    number: String(index + 1).padStart(2, '0'),
    id,
    title,
    skill,
    goal,
    files,
    deploys: deploys === true,
  }));
  const practice = planProject({ ...options, mode: 'practice', track }, [...layers, practiceLayer, source.stubs]);
  const byPath = new Map(practice.map((file) => [file.path, file]));
  const add = (path: string, contents: string | Buffer) =>
    byPath.set(path, { path, contents: Buffer.from(contents), layer: 'practice', executable: false });

  const readme = completeByPath.get('README.md');
  if (readme) {
    add(
      'docs/REFERENCE.md',
      `> **The reference project's README**, kept for reading: it describes the finished project this\n> practice repository grows into; the trade-offs its authors made are in [design.md](design.md).\n> Your own README is [../README.md](../README.md).\n\n${linksFromDocs(readme.contents.toString('utf8'))}`,
    );
  }
  const { track: trackFile } = source;
  // The first hint stays readable (it is gentle); the others are in .practice/hints/.
  const exercises = trackFile.exercises.map(({ why: _why, hints, ...exercise }) => ({ ...exercise, hints: hints.slice(0, 1), hintCount: hints.length }));
  add('.practice/track.json', `${JSON.stringify({ template: trackFile.template, exercises, ...(trackFile.needs ? { needs: trackFile.needs } : {}) }, null, 2)}\n`);
  add('.practice/progress.json', `${JSON.stringify(FRESH_PROGRESS, null, 2)}\n`);
  trackFile.exercises.forEach((exercise, index) => {
    const slug = exerciseSlug(trackFile, index);
    const doc = source.docs[`${slug}.md`];
    if (doc) add(`.practice/exercises/${slug}.md`, doc);
    const files = Object.fromEntries(exercise.files.map((path) => [path, completeByPath.get(path)?.contents.toString('utf8') ?? '']));
    add(`.practice/solutions/${slug}.b64`, encodeSolution(files, exercise.why));
    add(`.practice/hints/${slug}.b64`, encodeHints(exercise.hints));
  });
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * The complete README's relative links, rewritten for a copy of it in `docs/`: `docs/design.md`
 * becomes `design.md`, any other project file `../<file>`. Web addresses and anchors stay.
 */
export function linksFromDocs(markdown: string): string {
  return markdown.replace(/\]\((?![a-z][a-z0-9+.-]*:|#|\/)([^)\s]+)\)/gi, (_link, target: string) =>
    target.startsWith('docs/') ? `](${target.slice('docs/'.length)})` : `](../${target})`,
  );
}
