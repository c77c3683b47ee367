/**
 * Request validation with two rule sets:
 * - bodies are JSON and already typed, so nothing is coerced (`"2"` is not `2`, `null` is not `0`);
 * - path and query parameters are always strings on the wire, so they are converted to the
 *   declared types (`?limit=20` becomes the number 20).
 */
import { Ajv, type Options } from 'ajv';
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

export const validatorCompiler: FastifySchemaCompiler<object> = ({ schema, httpPart }) =>
  (httpPart === 'body' ? strict : coercing).compile(schema);
