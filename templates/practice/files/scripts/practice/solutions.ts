/**
 * Reference solutions, stored in `.practice/solutions/NN-<id>.b64` as base64 of gzipped JSON so
 * nobody reads one by accident, and shown only for an exercise you have finished: as a diff
 * against your own files, then why the reference is written that way.
 */
import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { createTwoFilesPatch } from 'diff';

export interface Solution {
  files: Record<string, string>;
  why: string;
}

export function readSolution(slug: string): Solution {
  return JSON.parse(
    gunzipSync(Buffer.from(readFileSync(`.practice/solutions/${slug}.b64`, 'utf8'), 'base64')).toString('utf8'),
  );
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
