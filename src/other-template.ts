/**
 * `--force` adds template files to a directory; over a project of another template it would mix
 * the two (two migrations numbered 0010, routes of both). Such a directory is recognised by a
 * file that only the other template writes, and refused before anything is written.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Layer } from './plan.js';
import { toProjectPath } from './plan.js';
import { TEMPLATES, type TemplateInfo } from './templates.js';

export interface OtherTemplate {
  template: TemplateInfo;
  /** the file found that only that template writes */
  file: string;
}

/**
 * The other template whose own files (those of the layers no other template uses, and only the
 * paths no other template writes too, such as `src/seed.ts`) are in `dir` but not among the files
 * about to be written. `loadLayers` reads layers by name.
 */
export async function findOtherTemplate(
  dir: string,
  template: TemplateInfo,
  planned: ReadonlySet<string>,
  loadLayers: (names: string[]) => Promise<Layer[]>,
): Promise<OtherTemplate | undefined> {
  const ownPaths = new Map<TemplateInfo, Set<string>>();
  for (const candidate of TEMPLATES) {
    const ownLayers = candidate.layers.filter((layer) => TEMPLATES.every((t) => t === candidate || !t.layers.includes(layer)));
    ownPaths.set(candidate, new Set((await loadLayers(ownLayers)).flatMap((layer) => layer.files.map((file) => toProjectPath(file.path)))));
  }
  for (const other of TEMPLATES) {
    if (other.name === template.name) continue;
    for (const path of ownPaths.get(other) ?? []) {
      const sharedWithAnother = TEMPLATES.some((t) => t !== other && ownPaths.get(t)?.has(path));
      if (!sharedWithAnother && !planned.has(path) && existsSync(join(dir, path))) return { template: other, file: path };
    }
  }
  return undefined;
}
