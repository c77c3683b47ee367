/**
 * The comparison behind tests/practice-stubs.test.ts, on small in-memory modules: what counts as
 * the same signature, and every kind of difference it must catch.
 */
import { describe, expect, it } from 'vitest';
import { compareExports, exportsOf, programOf, virtualDir, virtualPath } from '../helpers/stub-signatures.js';

const TSCONFIG = JSON.stringify({
  compilerOptions: { target: 'ES2023', lib: ['ES2023'], module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, types: [], noEmit: true },
});

/** Pairs of (reference, stub) module texts, all in one Program; each pair's differences. */
function differencesOf(cases: Record<string, [reference: string, stub: string]>): Record<string, string[]> {
  const files = new Map<string, string>();
  for (const [name, [reference, stub]] of Object.entries(cases)) {
    for (const [side, text] of [['reference', reference], ['stub', stub]] as const) {
      // Each side is a small ES module project: a shared type beside the file compared.
      files.set(virtualPath(`${name}-${side}`, 'package.json'), '{ "type": "module" }');
      files.set(virtualPath(`${name}-${side}`, 'src/shared.ts'), 'export interface Config { secret: string; ttl: number }\n');
      files.set(virtualPath(`${name}-${side}`, 'src/module.ts'), text);
    }
  }
  const program = programOf(files, [...files.keys()].filter((path) => path.endsWith('.ts')), TSCONFIG, virtualDir('unit'));
  const result: Record<string, string[]> = {};
  for (const name of Object.keys(cases)) {
    const shapes = (side: string) => exportsOf(program, virtualPath(`${name}-${side}`, 'src/module.ts'), virtualDir(`${name}-${side}`));
    result[name] = compareExports(shapes('reference'), shapes('stub')).map(({ name: exported, message }) => `${exported}: ${message}`);
  }
  return result;
}

const REFERENCE = `
import type { Config } from './shared.js';
export interface Session { id: string; expires?: Date }
export type Mode = 'a' | 'b';
export const COLUMNS = \`id, name\`;
export class Store { constructor(readonly config: Config) {} get(id: string): Session | undefined { return undefined; } }
export const normalize = (text: string) => text.trim();
export function sign(session: Session, config: Config): Promise<string> { return Promise.resolve(session.id + config.secret); }
export async function hooks(config: Pick<Config, 'ttl'>) { return { onRequest: async (request: { ip: string }) => { void request; void config; } }; }
`;

describe('stub signatures', () => {
  it('a stub with other names, bodies and literal values, but the same promises, has no difference', () => {
    const stub = `
import type { Config } from './shared.js';
export interface Session { id: string; expires?: Date }
export type Mode = 'a' | 'b';
export const COLUMNS = '';
export class Store { constructor(readonly config: Config) {} get(_id: string): Session | undefined { throw new Error('not done'); } }
export const normalize = (_text: string): string => { throw new Error('not done'); };
export function sign(_session: Session, _config: Config): Promise<string> { throw new Error('not done'); }
export async function hooks(_config: Pick<Config, 'ttl'>) { return { onRequest: async (_request: { ip: string }) => {} }; }
`;
    expect(differencesOf({ same: [REFERENCE, stub] })).toEqual({ same: [] });
  });

  it('names every export that is missing, extra, of another kind or another signature', () => {
    const change = (from: string, to: string) => {
      if (!REFERENCE.includes(from)) throw new Error(`no ${from}`);
      return REFERENCE.replace(from, to);
    };
    const result = differencesOf({
      parameterType: [REFERENCE, change('sign(session: Session, config: Config)', 'sign(session: Session, config: string)')],
      parameterCount: [REFERENCE, change('sign(session: Session, config: Config)', 'sign(session: Session, config: Config, extra?: number)')],
      returnType: [REFERENCE, change('Promise<string> {', 'Promise<number> {').replace('session.id + config.secret', '1')],
      dropped: [REFERENCE, change('export const normalize', 'const normalize')],
      extra: [REFERENCE, `${REFERENCE}export const added = 1;\n`],
      kind: [REFERENCE, change('export const normalize = (text: string) => text.trim();', 'export function normalize(text: string) { return text.trim(); }')],
      member: [REFERENCE, change('expires?: Date', 'expires: Date')],
      alias: [REFERENCE, change(`'a' | 'b'`, `'a' | 'c'`)],
      method: [REFERENCE, change('get(id: string)', 'get(id: number)')],
      nested: [REFERENCE, change('request: { ip: string }', 'request: { ip: number }')],
    });
    expect(result).toEqual({
      parameterType: [
        "sign: the function's signature differs\n    stub:     (Session, string) => Promise<string>\n    complete: (Session, Config) => Promise<string>",
      ],
      parameterCount: [
        "sign: the function's signature differs\n    stub:     (Session, Config, ?number | undefined) => Promise<string>\n    complete: (Session, Config) => Promise<string>",
      ],
      returnType: [
        "sign: the function's signature differs\n    stub:     (Session, Config) => Promise<number>\n    complete: (Session, Config) => Promise<string>",
      ],
      dropped: ['normalize: exported by the complete file (const), missing from the stub'],
      extra: ['added: exported by the stub (const), not by the complete file'],
      kind: ['normalize: a function in the stub, a const in the complete file'],
      member: ["Session: the interface's signature differs\n    stub:     { id: string; expires: Date }\n    complete: { id: string; expires?: Date | undefined }"],
      alias: [`Mode: the type's signature differs\n    stub:     "a" | "c"\n    complete: "a" | "b"`],
      method: [
        "Store: the class's signature differs\n    stub:     new (Config) => Store; instance { readonly config: Config; get: (_: number) => Session | undefined }\n    complete: new (Config) => Store; instance { readonly config: Config; get: (_: string) => Session | undefined }",
      ],
      nested: [
        "hooks: the function's signature differs\n    stub:     (Pick<Config, \"ttl\">) => Promise<{ onRequest: (_: { ip: number; }) => Promise<void>; }>\n    complete: (Pick<Config, \"ttl\">) => Promise<{ onRequest: (_: { ip: string; }) => Promise<void>; }>",
      ],
    });
  });

  it('a name that is a value and a type at once is compared as both', () => {
    const reference = "export const Task = { kind: 'task' };\nexport type Task = { id: string };\n";
    expect(differencesOf({ merged: [reference, reference.replace('id: string', 'id: number')] })).toEqual({
      merged: ["Task: the type & const's signature differs\n    stub:     { id: number; } & { kind: string; }\n    complete: { id: string; } & { kind: string; }"],
    });
  });

  it('a file without imports or exports (a script) offers nothing, on either side', () => {
    expect(differencesOf({ script: ['console.log(1);\n', 'console.log(2);\n'] })).toEqual({ script: [] });
  });
});
