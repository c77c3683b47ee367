/**
 * Request validation with two rule sets:
 * - bodies are JSON and already typed, so nothing is coerced (`"2"` is not `2`, `null` is not `0`);
 * - path and query parameters are always strings on the wire, so they are converted to the
 *   declared types (`?limit=20` becomes the number 20).
 * Before either, every string is made canonical text (`canonicalText`).
 */
import { Ajv, type ErrorObject, type Options } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';

// ajv-formats is CommonJS; its default export arrives one level deeper under NodeNext.
const addFormats = addFormatsPlugin as unknown as typeof addFormatsPlugin.default;

function createAjv(coerceTypes: Options['coerceTypes']) {
  const ajv = new Ajv({ coerceTypes, useDefaults: true, removeAdditional: false, allErrors: false });
  addFormats(ajv);
  return ajv;
}

const strict = createAjv(false);
const coercing = createAjv('array');

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) => {
  if (httpPart === 'body') return withCanonicalText(strict.compile(schema));
  const validate = withCanonicalText(coercing.compile(schema));
  // Coercion turns `?lat=Infinity` or `?lat=1e400` into the number Infinity, which Ajv then
  // lets through even a `maximum`. No API here has a use for an infinite number: refuse it.
  const validateFinite = (data: unknown): boolean => {
    const valid = validate(data);
    const field = valid ? nonFiniteField(data) : undefined;
    validateFinite.errors = field === undefined ? validate.errors : [notFinite(field)];
    return valid && field === undefined;
  };
  validateFinite.errors = null as ErrorObject[] | null | undefined;
  return validateFinite;
};

/** The path of the first infinite or NaN number among the (query or path) parameters. */
function nonFiniteField(parameters: unknown): string | undefined {
  for (const [name, value] of Object.entries(parameters ?? {})) {
    const values: unknown[] = Array.isArray(value) ? value : [value];
    const index = values.findIndex((item) => typeof item === 'number' && !Number.isFinite(item));
    if (index !== -1) return Array.isArray(value) ? `/${name}/${index}` : `/${name}`;
  }
  return undefined;
}

const notFinite = (instancePath: string): ErrorObject => ({
  instancePath,
  schemaPath: '#/type',
  keyword: 'type',
  params: { type: 'number' },
  message: 'must be a finite number',
});

type Validate = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

/** Runs `validate` on the request part once its strings are canonical text. */
function withCanonicalText(validate: Validate): Validate {
  const validateText: Validate = (data: unknown) => {
    const field = canonicalText(data);
    const valid = field === undefined && validate(data);
    validateText.errors = field === undefined ? validate.errors : [notText(field)];
    return valid;
  };
  validateText.errors = null;
  return validateText;
}

/**
 * Rewrites every string of a parsed request part (in place) in Unicode Normalization Form C, and
 * returns the path of the first string that is not text at all, if any:
 * - "é" can arrive as one code point (U+00E9) or as "e" plus a combining accent (U+0301): the
 *   same text on screen, different strings to `===`, a unique index or a length limit. NFC keeps
 *   one form, so comparing, de-duplicating and storing see what people see (RFC 8265 does the
 *   same for passwords).
 * - a lone surrogate (half of a UTF-16 pair, which JSON's `\ud800` can spell) encodes no
 *   character: storing it would silently turn it into U+FFFD, so it is refused instead.
 */
function canonicalText(data: unknown, path = ''): string | undefined {
  if (data === null || typeof data !== 'object') return undefined;
  const entries: [string | number, unknown][] = Array.isArray(data) ? [...data.entries()] : Object.entries(data);
  for (const [key, value] of entries) {
    const at = `${path}/${key}`;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return at;
      (data as Record<string | number, unknown>)[key] = value.normalize('NFC');
    } else {
      const inner = canonicalText(value, at);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}

/** With the `u` flag a surrogate pair is one code point; only an unpaired half is category Cs. */
const LONE_SURROGATE = /\p{Cs}/u;

const notText = (instancePath: string): ErrorObject => ({
  instancePath,
  schemaPath: '#/type',
  keyword: 'type',
  params: { type: 'string' },
  message: 'must be valid Unicode text (it contains half of a surrogate pair)',
});
