/**
 * Request validation with two rule sets:
 * - bodies are JSON and already typed, so nothing is coerced (`"2"` is not `2`, `null` is not `0`);
 * - path and query parameters are always strings on the wire, so they are converted to the
 *   declared types (`?limit=20` becomes the number 20).
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
  if (httpPart === 'body') return strict.compile(schema);
  const validate = coercing.compile(schema);
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
