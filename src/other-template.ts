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
 * The other template whose own files (those of the layers no other template uses) are in `dir`
 * but not among the files about to be written. `loadLayers` reads layers by name.
 */
export async function findOtherTemplate(
  dir: string,
  template: TemplateInfo,
  planned: ReadonlySet<string>,
  loadLayers: (names: string[]) => Promise<Layer[]>,
): Promise<OtherTemplate | undefined> {
  for (const other of TEMPLATES) {
    if (other.name === template.name) continue;
    const ownLayers = other.layers.filter((layer) => TEMPLATES.every((t) => t === other || !t.layers.includes(layer)));
    for (const layer of await loadLayers(ownLayers)) {
      for (const file of layer.files) {
        const path = toProjectPath(file.path);
        if (!planned.has(path) && existsSync(join(dir, path))) return { template: other, file: path };
      }
    }
  }
  return undefined;
}
