/** Reads template layers from disk into the shape `planProject` needs. */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Layer, LayerManifest } from './plan.js';

/** `templates/` beside `dist/` (published) or `src/` (development). */
export const TEMPLATES_DIR = fileURLToPath(new URL('../templates/', import.meta.url));

export async function loadLayers(names: string[], templatesDir = TEMPLATES_DIR): Promise<Layer[]> {
  return Promise.all(names.map((name) => loadLayer(join(templatesDir, name), name)));
}

export async function loadVersions(templatesDir = TEMPLATES_DIR): Promise<Record<string, string>> {
  return JSON.parse(await readFile(join(templatesDir, 'versions.json'), 'utf8')) as Record<string, string>;
}

async function loadLayer(dir: string, name: string): Promise<Layer> {
  const manifest = JSON.parse(await readFile(join(dir, 'layer.json'), 'utf8')) as LayerManifest;
  const filesDir = join(dir, 'files');
  const files = await Promise.all(
    (await listFiles(filesDir)).map(async (absolute) => ({
      path: relative(filesDir, absolute).split(sep).join('/'),
      contents: await readFile(absolute),
      executable: ((await stat(absolute)).mode & 0o111) !== 0,
    })),
  );
  const partials: Record<string, string> = {};
  for (const absolute of await listFiles(join(dir, 'partials'))) {
    if (absolute.endsWith('.hbs')) partials[relative(join(dir, 'partials'), absolute).slice(0, -4)] = await readFile(absolute, 'utf8');
  }
  return { name, manifest, files, partials };
}

async function listFiles(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}
