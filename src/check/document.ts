/**
 * What the OpenAPI document promises, checked on every answer the check receives: the headers a
 * response marks `required`, and the body against its schema (types, required fields, lengths,
 * enums, formats). So a server cannot pass by answering what a story looks at while breaking
 * what the document says (a 32-character timestamp where it allows 30, no `X-Request-Id`).
 *
 * The document is the one `spec` writes (templates/<template>/spec/openapi.json). The validator
 * covers the JSON Schema keywords these documents use; an unknown keyword is ignored.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEMPLATES_DIR } from '../layers.js';
import type { Answer } from './http.js';

type Schema = Record<string, unknown>;
interface Header {
  required?: boolean;
  schema?: Schema;
  $ref?: string;
}
interface Response {
  $ref?: string;
  headers?: Record<string, Header>;
  content?: Record<string, { schema?: Schema }>;
}
interface Operation {
  security?: unknown[];
  responses?: Record<string, Response>;
}
interface Document {
  security?: unknown[];
  paths: Record<string, Record<string, Operation>>;
  components?: Record<string, Record<string, unknown>>;
}

/** One broken promise: `key` identifies it across answers, so one root cause is reported once. */
export interface Violation {
  key: string;
  message: string;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'];

export class ApiDocument {
  private readonly operations: { method: string; template: string; pattern: RegExp; operation: Operation }[];

  constructor(private readonly document: Document) {
    this.operations = Object.entries(document.paths).flatMap(([template, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, operation]) => ({ method: method.toUpperCase(), template, operation, pattern: pathPattern(template) })),
    );
  }

  static of(template: string): ApiDocument {
    return new ApiDocument(JSON.parse(readFileSync(join(TEMPLATES_DIR, template, 'spec/openapi.json'), 'utf8')) as Document);
  }

  /** Operations that need a bearer token (the document's `security`, unless an operation says `[]`). */
  protectedOperations(): { method: string; path: string }[] {
    return this.operations
      .filter(({ operation }) => (operation.security ?? this.document.security ?? []).length > 0)
      .map(({ method, template }) => ({ method, path: template }));
  }

  /**
   * What the answer breaks of the document, for a documented operation and status (other
   * answers are the stories' business). `ignoredHeaders` (lowercase) are checked elsewhere.
   */
  violations(answer: Answer, ignoredHeaders: ReadonlySet<string> = new Set()): Violation[] {
    const path = answer.request.path.split('?')[0]!;
    const found = this.operations.find((candidate) => candidate.method === answer.request.method && candidate.pattern.test(path));
    const declared = found?.operation.responses?.[String(answer.status)];
    if (!found || !declared) return [];
    const response = this.resolve<Response>(declared);
    const where = `${found.method} ${found.template} → ${answer.status}`;
    const violations: Violation[] = [];
    for (const [name, declaredHeader] of Object.entries(response.headers ?? {})) {
      if (ignoredHeaders.has(name.toLowerCase())) continue;
      violations.push(...this.headerViolations(answer, name, this.resolve<Header>(declaredHeader), where));
    }
    const mediaType = (answer.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const schema = response.content?.[mediaType]?.schema;
    if (schema && answer.json !== undefined) {
      for (const problem of this.validate(answer.json, schema, '')) {
        violations.push({ key: `body ${problem.at} ${problem.rule}`, message: `${problem.text} (openapi.json, ${where})` });
      }
    }
    return violations;
  }

  /** The named header as the document describes it for this answer. */
  headerViolations(answer: Answer, name: string, header: Header, where: string): Violation[] {
    const value = answer.headers.get(name);
    if (value === null) {
      return header.required ? [{ key: `header ${name.toLowerCase()} missing`, message: `header ${name} is missing; openapi.json requires it (${where})` }] : [];
    }
    const problems = header.schema && header.schema.type === 'string' ? this.validate(value, header.schema, '') : [];
    return problems.map((problem) => ({ key: `header ${name.toLowerCase()} ${problem.rule}`, message: `header ${name}: ${problem.text.replace(/^the body /, '')} (openapi.json, ${where})` }));
  }

  /** The declared headers of an operation's answer (for the stories that check them themselves). */
  declaredHeader(method: string, path: string, status: number, name: string): Header | undefined {
    const found = this.operations.find((candidate) => candidate.method === method && candidate.pattern.test(path));
    const declared = found?.operation.responses?.[String(status)];
    if (!declared) return undefined;
    const header = this.resolve<Response>(declared).headers?.[name];
    return header ? this.resolve<Header>(header) : undefined;
  }

  private resolve<T>(value: T & { $ref?: string }): T {
    let current: unknown = value;
    for (let depth = 0; depth < 10 && typeof (current as { $ref?: unknown }).$ref === 'string'; depth++) {
      const ref = (current as { $ref: string }).$ref;
      current = ref
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part.replaceAll('~1', '/').replaceAll('~0', '~')], this.document);
      if (current === undefined) throw new Error(`openapi.json has no ${ref}`);
    }
    return current as T;
  }

  /** JSON Schema, the keywords these documents use. `at` is a JSON pointer into the value. */
  private validate(value: unknown, schema: Schema, at: string): { at: string; rule: string; text: string }[] {
    const resolved = this.resolve<Schema>(schema);
    const name = at ? `field \`${at.slice(1).replaceAll('/', '.')}\`` : 'the body';
    const fail = (rule: string, text: string) => [{ at: at.replace(/\/\d+(?=\/|$)/g, '/*'), rule, text: `${name} ${text}` }];
    if (Array.isArray(resolved.anyOf)) {
      const options = resolved.anyOf as Schema[];
      if (options.some((option) => this.validate(value, option, at).length === 0)) return [];
      // When one option has the value's type, its reason is the useful one.
      const sameType = options.map((option) => this.validate(value, option, at)).find((problems) => !problems.some((problem) => problem.rule === 'type' || problem.rule === 'enum'));
      return sameType ?? fail('type', `is ${describeValue(value)}; the document allows ${options.map((option) => typeName(this.resolve<Schema>(option))).join(' or ')}`);
    }
    if (resolved.type !== undefined && !matchesType(value, resolved.type)) {
      return fail('type', `is ${describeValue(value)}; the document says ${typeName(resolved)}`);
    }
    if (Array.isArray(resolved.enum) && !resolved.enum.some((allowed) => allowed === value)) {
      return fail('enum', `is ${JSON.stringify(value)}; the document allows ${resolved.enum.map((allowed) => JSON.stringify(allowed)).join(', ')}`);
    }
    if ('const' in resolved && resolved.const !== value) return fail('const', `is ${JSON.stringify(value)}; the document says ${JSON.stringify(resolved.const)}`);
    if (typeof value === 'string') return this.validateString(value, resolved, fail);
    if (typeof value === 'number') {
      if (typeof resolved.minimum === 'number' && value < resolved.minimum) return fail('minimum', `is ${value}, under the minimum ${resolved.minimum}`);
      if (typeof resolved.maximum === 'number' && value > resolved.maximum) return fail('maximum', `is ${value}, over the maximum ${resolved.maximum}`);
      return [];
    }
    if (Array.isArray(value)) {
      if (typeof resolved.maxItems === 'number' && value.length > resolved.maxItems) return fail('maxItems', `has ${value.length} items; the document allows at most ${resolved.maxItems}`);
      const items = resolved.items as Schema | undefined;
      return items ? value.flatMap((item, index) => this.validate(item, items, `${at}/${index}`)).slice(0, 5) : [];
    }
    if (typeof value === 'object' && value !== null) {
      const object = value as Record<string, unknown>;
      const properties = (resolved.properties ?? {}) as Record<string, Schema>;
      const missing = ((resolved.required ?? []) as string[]).filter((key) => !(key in object));
      if (missing.length > 0) return missing.map((key) => ({ at: `${at}/${key}`, rule: 'required', text: `field \`${`${at}/${key}`.slice(1).replaceAll('/', '.')}\` is missing; the document requires it` }));
      if (resolved.additionalProperties === false) {
        const extra = Object.keys(object).filter((key) => !(key in properties));
        if (extra.length > 0) return fail('additionalProperties', `has ${extra.map((key) => `\`${key}\``).join(', ')}, which the document does not allow`);
      }
      return Object.entries(properties)
        .filter(([key]) => key in object)
        .flatMap(([key, property]) => this.validate(object[key], property, `${at}/${key}`));
    }
    return [];
  }

  private validateString(value: string, schema: Schema, fail: (rule: string, text: string) => { at: string; rule: string; text: string }[]) {
    const length = [...value].length;
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) return fail('maxLength', `is ${length} characters (${JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}…` : value)}); the document allows at most ${schema.maxLength}`);
    if (typeof schema.minLength === 'number' && length < schema.minLength) return fail('minLength', `is ${length} characters; the document requires at least ${schema.minLength}`);
    const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
    if (format && !format.test(value)) return fail('format', `is ${JSON.stringify(value)}, not a ${schema.format} (${format.example})`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) return fail('pattern', `is ${JSON.stringify(value)}, which does not match the pattern ${schema.pattern}`);
    return [];
  }
}

/** The formats worth checking, each with an example for the message. */
const FORMATS: Record<string, { test(value: string): boolean; example: string }> = {
  uuid: { test: (value) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value), example: 'e.g. 0b6e9a4c-3f0e-4d55-9a43-2a1f5c1d7e21' },
  date: { test: (value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)), example: 'YYYY-MM-DD' },
  'date-time': {
    test: (value) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value) && !Number.isNaN(Date.parse(value)),
    example: 'RFC 3339, e.g. 2030-01-31T09:30:00.000Z',
  },
};

/** `/v1/tasks/{id}` → a pattern that matches `/v1/tasks/<one segment>`. */
function pathPattern(template: string): RegExp {
  const escaped = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+');
  return new RegExp(`^${escaped}/?$`);
}

function matchesType(value: unknown, type: unknown): boolean {
  if (Array.isArray(type)) return type.some((one) => matchesType(value, one));
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}

const typeName = (schema: Schema): string =>
  Array.isArray(schema.enum) ? schema.enum.map((allowed) => JSON.stringify(allowed)).join(' or ') : Array.isArray(schema.type) ? schema.type.join(' or ') : String(schema.type ?? 'a value');

/** In words: `null`, `a string ("42")`, `a number (42)`, … */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') return 'an object';
  const shown = JSON.stringify(value);
  return `${typeof value === 'number' ? 'a number' : typeof value === 'boolean' ? 'a boolean' : 'a string'} (${shown.length > 40 ? `${shown.slice(0, 37)}…` : shown})`;
}
