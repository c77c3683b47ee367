/**
 * Holds every response a test receives to the app's own OpenAPI document: the status must be
 * one the operation documents, the content type one it lists, the body valid against its
 * schema, and every header it marks required present and valid. `buildTestApp` runs it on each
 * `app.inject`, so an answer the document does not describe fails `npm test` — the document is
 * what clients (and client generators) rely on.
 *
 * Ajv validates (JSON Schema 2020-12, the dialect of OpenAPI 3.1); a production contract test
 * would more likely use a dedicated OpenAPI tool, but the checks fit on one screen.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsPlugin from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';

// ajv-formats is CommonJS; its default export arrives one level deeper under NodeNext.
const addFormats = addFormatsPlugin as unknown as typeof addFormatsPlugin.default;

interface Header {
  required?: boolean;
  schema?: object;
}
interface Response {
  headers?: Record<string, Header | Reference>;
  content?: Record<string, unknown>;
}
/** What the document writes once in `components` and points to (`#/components/responses/NotFound`). */
interface Reference {
  $ref: string;
}
interface Document {
  paths: Record<string, Record<string, { responses: Record<string, Response | Reference> }>>;
}

/** Served but not part of the API: the document itself and its viewer. */
const UNDOCUMENTED = /^\/(openapi\.json|docs)(\/|$)/;

export function openApiChecker(document: Document) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  ajv.addSchema(document, 'openapi.json');
  // Header values are text on the wire: `Retry-After: 30` is the integer 30.
  const headerAjv = new Ajv2020({ strict: false, coerceTypes: true });
  addFormats(headerAjv);

  const paths = Object.keys(document.paths).map((path) => ({
    path,
    pattern: new RegExp(`^${path.replace(/[.+?^$()|[\]\\]/g, '\\$&').replace(/\{\w+\}/g, '[^/]+')}$`),
    parameters: (path.match(/\{/g) ?? []).length,
  }));
  // Compiled once per schema: compiling is far slower than validating.
  const validators = new Map<string, ValidateFunction>();
  const validatorFor = (pointer: string) => {
    let validate = validators.get(pointer);
    if (!validate) {
      validate = ajv.getSchema(`openapi.json#${pointer}`);
      if (!validate) throw new Error(`no schema at ${pointer} of the OpenAPI document`);
      validators.set(pointer, validate);
    }
    return validate;
  };
  /** A `$ref` followed to what it names, with the JSON pointer of the result. */
  const resolve = <T>(value: T | Reference, pointer: string): { value: T; pointer: string } => {
    if (typeof value !== 'object' || value === null || !('$ref' in value)) return { value: value as T, pointer };
    const target = value.$ref.replace(/^#/, '');
    const found = target
      .split('/')
      .slice(1)
      .reduce<unknown>(
        (node, part) => (node as Record<string, unknown>)[part.replaceAll('~1', '/').replaceAll('~0', '~')],
        document,
      );
    return { value: found as T, pointer: target };
  };
  const headerValidators = new Map<object, ValidateFunction>();
  const headerValidatorFor = (schema: object) => {
    let validate = headerValidators.get(schema);
    if (!validate) {
      validate = headerAjv.compile({ properties: { value: schema } });
      headerValidators.set(schema, validate);
    }
    return validate;
  };

  return function check(response: LightMyRequestResponse): void {
    const failures = failuresOf(response);
    if (failures.length === 0) return;
    const { method, url } = response.raw.req;
    throw new Error(
      `${method} ${url} answered ${response.statusCode}, which its OpenAPI document does not describe:\n` +
        `  - ${failures.join('\n  - ')}\n  body: ${response.body.slice(0, 500)}`,
    );
  };

  function failuresOf(response: LightMyRequestResponse): string[] {
    const method = (response.raw.req.method ?? 'GET').toLowerCase();
    // CORS preflights are answered for every path; they are not operations.
    if (method === 'options') return [];
    const path = (response.raw.req.url ?? '/').split('?')[0] ?? '/';
    const failures: string[] = [];
    if (!response.headers['x-request-id']) failures.push('no x-request-id header');

    // The most specific path wins: `/v1/orders/mine` over `/v1/orders/{id}`.
    const match = paths
      .filter((candidate) => candidate.pattern.test(path))
      .sort((a, b) => a.parameters - b.parameters)
      .find((candidate) => document.paths[candidate.path]?.[method === 'head' ? 'get' : method]);
    const operationMethod = method === 'head' ? 'get' : method;

    if (!match) {
      const infrastructure = UNDOCUMENTED.test(path);
      if (infrastructure && response.statusCode < 400) return failures;
      // Not an operation: "no such route" (404), "not with this method" (405) or the rate limit.
      if (!infrastructure && ![404, 405, 429].includes(response.statusCode)) {
        failures.push(`${response.statusCode} for a request no operation documents`);
      }
      if (response.statusCode === 405 && !response.headers.allow) failures.push('405 without an Allow header');
      checkBody(failures, response, validatorFor('/components/schemas/Problem'), 'application/problem+json');
      return failures;
    }

    // A practice project's unfinished exercise answers 501 on purpose: let the test's own
    // expectation say what is missing.
    if (response.statusCode === 501) {
      checkBody(failures, response, validatorFor('/components/schemas/Problem'), 'application/problem+json');
      return failures;
    }

    const pointer = `/paths/${pointerSegment(match.path)}/${operationMethod}/responses`;
    const operation = document.paths[match.path]?.[operationMethod];
    const status = String(response.statusCode);
    const key = operation?.responses[status] ? status : `${status[0]}XX`;
    const declared = operation?.responses[key];
    if (!declared) {
      failures.push(`status ${status} is not documented for this operation`);
      return failures;
    }
    const { value: documented, pointer: responsePointer } = resolve<Response>(declared, `${pointer}/${key}`);

    for (const [name, reference] of Object.entries(documented.headers ?? {})) {
      const header = resolve<Header>(reference, '').value;
      const value = response.headers[name.toLowerCase()];
      if (value === undefined) {
        if (header.required) failures.push(`documented header ${name} is missing`);
        continue;
      }
      const validate = header.schema && headerValidatorFor(header.schema);
      if (validate && !validate({ value })) failures.push(`header ${name}: ${headerAjv.errorsText(validate.errors)}`);
    }

    const mediaTypes = Object.keys(documented.content ?? {});
    if (mediaTypes.length === 0) {
      if (response.rawPayload.length > 0 && method !== 'head') failures.push('a body where the document says none');
      return failures;
    }
    const mediaType = mediaTypeOf(response);
    if (!mediaTypes.includes(mediaType)) {
      failures.push(`content type ${mediaType || '(none)'}, documented: ${mediaTypes.join(', ')}`);
      return failures;
    }
    if (method !== 'head') {
      checkBody(
        failures,
        response,
        validatorFor(`${responsePointer}/content/${pointerSegment(mediaType)}/schema`),
        mediaType,
      );
    }
    return failures;
  }
}

function checkBody(
  failures: string[],
  response: LightMyRequestResponse,
  validate: ValidateFunction,
  mediaType: string,
) {
  if (mediaType === 'application/problem+json' && mediaTypeOf(response) !== mediaType) {
    failures.push(`content type ${mediaTypeOf(response)}, expected ${mediaType}`);
    return;
  }
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    failures.push('the body is not JSON');
    return;
  }
  if (!validate(body)) {
    for (const error of validate.errors ?? []) failures.push(`body${error.instancePath} ${error.message}`);
  }
}

const mediaTypeOf = (response: LightMyRequestResponse) =>
  String(response.headers['content-type'] ?? '')
    .split(';')[0]
    ?.trim() ?? '';

/** A JSON Pointer segment inside a URI fragment (RFC 6901 §6). */
const pointerSegment = (segment: string) => encodeURIComponent(segment.replace(/~/g, '~0').replace(/\//g, '~1'));
