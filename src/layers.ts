/**
 * Reads template layers from disk into the shape `planProject` needs. Synchronous reads behind an
 * async API: ~100 small files read in one go cost far less than as many thread-pool round trips,
 * and nothing else runs meanwhile (see write.ts).
 */
import { type Dirent, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Layer, LayerManifest } from './plan.js';
import type { Track, TrackSource } from './practice-plan.js';

/** `templates/` beside `dist/` (published) or `src/` (development). */
export const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));

export async function loadLayers(names: string[], templatesDir = TEMPLATES_DIR): Promise<Layer[]> {
  return Promise.all(names.map((name) => loadLayer(join(templatesDir, name), name)));
}

export async function loadVersions(templatesDir = TEMPLATES_DIR): Promise<Record<string, string>> {
  return JSON.parse(readFileSync(join(templatesDir, 'versions.json'), 'utf8')) as Record<string, string>;
}

/**
 * `templates/<template>/practice/`: track.json, the stubs (`stubs/<project path>`, rendered like
 * layer files), the track's README partials (`partials/`) and the exercise docs (`exercises/`).
 */
export async function loadTrackSource(template: string, templatesDir = TEMPLATES_DIR): Promise<TrackSource> {
  const dir = join(templatesDir, template, 'practice');
  const track = JSON.parse(readFileSync(join(dir, 'track.json'), 'utf8')) as Track;
  const stubsDir = join(dir, 'stubs');
  const files = listFiles(stubsDir).map((absolute) => ({
    path: relative(stubsDir, absolute).split(sep).join('/'),
    contents: readFileSync(absolute),
    executable: (statSync(absolute).mode & 0o111) !== 0,
  }));
  const docs: Record<string, Buffer> = {};
  for (const absolute of listFiles(join(dir, 'exercises'))) docs[relative(join(dir, 'exercises'), absolute)] = readFileSync(absolute);
  return { track, stubs: { name: `${template}/practice`, manifest: {}, files, partials: readPartials(join(dir, 'partials')) }, docs };
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
