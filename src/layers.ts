/**
 * Reads template layers from disk into the shape `planProject` needs. Synchronous reads behind an
 * async API: a template's many small files read in one go cost far less than as many thread-pool round trips,
 * and nothing else runs meanwhile (see write.ts).
 */
import { type Dirent, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { exerciseSlug, parseExercisePage, parseHints, unwrap } from './exercise-folder.js';
import type { Layer, LayerManifest } from './plan.js';
import type { Exercise, Track, TrackFile, TrackSource } from './practice-plan.js';

/** `templates/` beside `dist/` (published) or `src/` (development). */
export const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));

export async function loadLayers(names: string[], templatesDir = TEMPLATES_DIR): Promise<Layer[]> {
  return Promise.all(names.map((name) => loadLayer(join(templatesDir, name), name)));
}

export async function loadVersions(templatesDir = TEMPLATES_DIR): Promise<Record<string, string>> {
  return JSON.parse(readFileSync(join(templatesDir, 'versions.json'), 'utf8')) as Record<string, string>;
}

/**
 * `templates/<template>/practice/`: track.json (the order and the files), one folder per exercise
 * (`NN-<id>/`: README.md with front matter, hints.md, why.md, `stubs/<project path>` rendered like
 * layer files) and the track's README partials (`partials/`). What cannot be read as an exercise
 * folder becomes a problem for `lintTrack` to report with the others.
 */
export async function loadTrackSource(template: string, templatesDir = TEMPLATES_DIR): Promise<TrackSource> {
  const dir = join(templatesDir, template, 'practice');
  const trackFile = JSON.parse(readFileSync(join(dir, 'track.json'), 'utf8')) as TrackFile;
  const problems: string[] = [];
  const docs: Record<string, Buffer> = {};
  const stubFolders: Record<string, string> = {};
  const files: Layer['files'] = [];
  const exercises = (Array.isArray(trackFile.exercises) ? trackFile.exercises : []).map((entry, index): Exercise => {
    const slug = exerciseSlug(trackFile, index);
    const unknown = Object.keys(entry).filter((key) => !TRACK_FILE_KEYS.has(key));
    if (unknown.length > 0) problems.push(`track.json, exercise ${slug}: ${unknown.join(', ')} belong in practice/${slug}/ (track.json keeps id, files, tests, deploys, env)`);
    const read = (name: string) => readTextIfPresent(join(dir, slug, name), () => problems.push(`practice/${slug}/${name} is missing`));
    const page = parseExercisePage(read('README.md') ?? '---\n---\n');
    const hints = parseHints(read('hints.md') ?? '');
    problems.push(...[...page.problems, ...hints.problems].map((problem) => `practice/${slug}/${problem}`));
    docs[`${slug}.md`] = Buffer.from(page.body);
    const stubsDir = join(dir, slug, 'stubs');
    for (const absolute of listFiles(stubsDir)) {
      const path = relative(stubsDir, absolute).split(sep).join('/');
      stubFolders[path] = slug;
      files.push({ path, contents: readFileSync(absolute), executable: (statSync(absolute).mode & 0o111) !== 0 });
    }
    const { title = '', skill = '', goal = '', built = '' } = page.fields;
    const { id, ...where } = entry; // key order as before: the generated .practice/track.json keeps it
    return { id, title, skill, goal, built, ...where, hints: hints.hints, why: unwrap(read('why.md') ?? '') };
  });
  const slugs = new Set(exercises.map((_exercise, index) => exerciseSlug(trackFile, index)));
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() && entry.name !== 'partials' && !slugs.has(entry.name)) {
      problems.push(`practice/${entry.name}/ is not an exercise of track.json (its folders are NN-<id>, in track order)`);
    }
  }
  const track: Track = { template: trackFile.template, exercises, ...(trackFile.needs ? { needs: trackFile.needs } : {}) };
  return { track, stubs: { name: `${template}/practice`, manifest: {}, files, partials: readPartials(join(dir, 'partials')) }, stubFolders, docs, problems };
}

/** The keys an exercise may have in track.json; its prose lives in its folder. */
const TRACK_FILE_KEYS = new Set(['id', 'files', 'tests', 'deploys', 'env']);

function readTextIfPresent(path: string, missing: () => void): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    missing();
    return undefined;
  }
}

async function loadLayer(dir: string, name: string): Promise<Layer> {
  const manifest = JSON.parse(readFileSync(join(dir, 'layer.json'), 'utf8')) as LayerManifest;
  const filesDir = join(dir, 'files');
  const files = listFiles(filesDir).map((absolute) => ({
    path: relative(filesDir, absolute).split(sep).join('/'),
    contents: readFileSync(absolute),
    executable: (statSync(absolute).mode & 0o111) !== 0,
  }));
  return { name, manifest, files, partials: readPartials(join(dir, 'partials')) };
}

function readPartials(dir: string): Record<string, string> {
  const partials: Record<string, string> = {};
  for (const absolute of listFiles(dir)) {
    if (absolute.endsWith('.hbs')) partials[relative(dir, absolute).slice(0, -4)] = readFileSync(absolute, 'utf8');
  }
  return partials;
}

function listFiles(dir: string): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}
