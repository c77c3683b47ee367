/**
 * Reference solutions, stored in `.practice/solutions/NN-<id>.b64` as base64 of gzipped JSON so
 * nobody reads one by accident, and shown only for an exercise you have finished: as a diff
 * against your own files, then why the reference is written that way. The hints after the first
 * are stored the same way (`.practice/hints/NN-<id>.b64`): the last ones come close to the code.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createTwoFilesPatch } from 'diff';

export interface Solution {
  files: Record<string, string>;
  why: string;
}

function decode<T>(file: string): T {
  return JSON.parse(gunzipSync(Buffer.from(readFileSync(file, 'utf8'), 'base64')).toString('utf8')) as T;
}

export function readSolution(slug: string): Solution {
  return decode<Solution>(`.practice/solutions/${slug}.b64`);
}

/** Every hint of an exercise, the first included. */
export function readHints(slug: string): string[] {
  return decode<{ hints: string[] }>(`.practice/hints/${slug}.b64`).hints;
}

/** A unified diff per file from yours to the reference; identical files say so. */
export function diffAgainstYours(solution: Solution): string {
  return Object.entries(solution.files)
    .map(([path, reference]) => {
      const yours = existsSync(path) ? readFileSync(path, 'utf8') : '';
      if (yours === reference) return `${path}: identical to the reference\n`;
      return createTwoFilesPatch(`${path} (yours)`, `${path} (reference)`, yours, reference, undefined, undefined, {
        context: 3,
      });
    })
    .join('\n');
}
