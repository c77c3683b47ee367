/**
 * What every operation shares, written into the OpenAPI document once instead of into every
 * route: errors are `application/problem+json`; the statuses the framework itself answers
 * (400 validation, 401 without a token, 413/415 for a body too large or not JSON, 414 for a path
 * parameter too long, 429 over the rate limit, 500, 503 when the database is overloaded, a
 * transaction was aborted for a concurrent one (a deadlock), or the server is shutting down); the response headers (`X-Request-Id` always, `RateLimit` and
 * `RateLimit-Policy` where a limit applies, `Retry-After` on 429 and 503, `Location` on 201);
 * parameters with a default are optional. (408, 431 and a 400 for bytes that are not HTTP are
 * answered by Node before any operation is known; the document's description names them.) `tests/helpers/openapi-check.ts` holds every test response to it.
 * What repeats is written once, in `components`, and referenced (`$ref`): the shared headers,
 * the problem responses, the parameters and the named schemas (`title`) used more than once,
 * so the document stays readable by a person and several times smaller.
 */
import { STATUS_CODES } from 'node:http';

/** Per route, what its schema does not say (collected in plugins/openapi.ts). */
export interface RouteFacts {
  isPublic: boolean;
  rateLimited: boolean;
  /** a POST whose body may be left out (see `noBodyIsEmpty`) */
  bodyOptional: boolean;
}

/** `GET /v1/tasks/:id` for both the route (`:id`) and the document (`{id}`) spelling. */
export const routeKey = (method: string, url: string) => `${method.toUpperCase()} ${url.replace(/\{(\w+)\}/g, ':$1')}`;

type Schema = Record<string, unknown>;
interface Header {
  description?: string;
  required?: boolean;
  schema: Schema;
}
interface Response {
  description?: string;
  headers?: Record<string, Header>;
  content?: Record<string, { schema?: Schema }>;
}
interface Operation {
  tags?: string[];
  operationId?: string;
  parameters?: { required?: boolean; schema?: Schema }[];
  requestBody?: { required?: boolean };
  responses: Record<string, Response>;
}
export interface OpenApiDocument {
  paths?: Record<string, Record<string, Operation>>;
  tags?: { name: string }[];
  components?: Record<string, Record<string, unknown>>;
}

const OPERATION_METHODS = new Set(['get', 'put', 'post', 'patch', 'delete']);
/** Fastify parses a body on these methods, so they can answer 413 and 415. */
const METHODS_WITH_BODY = new Set(['post', 'put', 'patch', 'delete']);
const PROBLEM_REF = '#/components/schemas/Problem';

const REQUEST_ID: Header = {
  description:
    'Identifies the request in the server logs; send your own `x-request-id` to follow a call across services',
  required: true,
  schema: { type: 'string', minLength: 1, maxLength: 128, pattern: '^[\\w.:-]+$' },
};
const ALLOW_ORIGIN: Header = {
  description: 'The request’s `Origin`, when the server allows it (never `*`); absent for any other origin',
  schema: { type: 'string', maxLength: 2048, format: 'uri' },
};
/** IETF draft-ietf-httpapi-ratelimit-headers: `"<policy>";r=<remaining>;t=<seconds to reset>`. */
const rateLimit = (required: boolean): Header => ({
  description: 'Requests left in the current window (`r`) and seconds until it resets (`t`)',
  required,
  schema: { type: 'string', maxLength: 100, pattern: '^"[\\w-]+";r=\\d+;t=\\d+$', examples: ['"default";r=99;t=60'] },
});
/** `"<policy>";q=<requests per window>;w=<window in seconds>`. */
const rateLimitPolicy = (required: boolean): Header => ({
  description: 'The limit that applies: `q` requests per `w` seconds, per client',
  required,
  schema: { type: 'string', maxLength: 100, pattern: '^"[\\w-]+";q=\\d+;w=\\d+$', examples: ['"default";q=100;w=60'] },
});
const RETRY_AFTER: Header = {
  description: 'Seconds to wait before trying again',
  required: true,
  schema: { type: 'integer', format: 'int32', minimum: 1, maximum: 86400 },
};
const LOCATION: Header = {
  description: 'The path of the created resource',
  required: true,
  schema: { type: 'string', format: 'uri-reference', maxLength: 2048 },
};
const WWW_AUTHENTICATE: Header = {
  description: 'The authentication scheme to use: `Bearer`',
  required: true,
  schema: { type: 'string', maxLength: 100, pattern: '^Bearer' },
};

export function describeSharedBehaviour(document: OpenApiDocument, routes: Map<string, RouteFacts>): OpenApiDocument {
  const tags = new Set<string>();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (!OPERATION_METHODS.has(method)) continue;
      const route = routes.get(routeKey(method, path)) ?? { isPublic: true, rateLimited: true, bodyOptional: false };
      for (const tag of operation.tags ?? []) tags.add(tag);
      operation.operationId ??= operationIdOf(method, path);
      // The server fills in a parameter's default, so a client may leave it out.
      for (const parameter of operation.parameters ?? []) {
        if (parameter.schema && 'default' in parameter.schema) parameter.required = false;
      }
      if (operation.requestBody) operation.requestBody.required = !route.bodyOptional;

      const takesBody = METHODS_WITH_BODY.has(method);
      const hasPathParameters = path.includes('{');
      const shared = [
        ...(takesBody || operation.parameters?.length ? [400] : []),
        ...(route.isPublic ? [] : [401]),
        ...(takesBody ? [413, 415] : []),
        ...(hasPathParameters ? [414] : []),
        ...(route.rateLimited ? [429] : []),
        500,
        503,
      ];
      for (const status of shared) {
        operation.responses[status] ??= { content: { 'application/json': { schema: { $ref: PROBLEM_REF } } } };
      }
      for (const [status, response] of Object.entries(operation.responses)) {
        describeResponse(Number(status), response, route);
      }
    }
  }
  document.tags = [...tags].sort().map((name) => ({ name }));
  return shareComponents(document);
}

/**
 * Moves what repeats into `components` and puts a `$ref` in its place. Identical objects share
 * one component; a name already taken by a different object gets a suffix, so nothing is merged
 * that differs.
 */
function shareComponents(document: OpenApiDocument): OpenApiDocument {
  const operations = Object.values(document.paths ?? {}).flatMap((item) =>
    Object.entries(item)
      .filter(([method]) => OPERATION_METHODS.has(method))
      .map(([, operation]) => operation),
  );
  document.components ??= {};
  const components = document.components;
  /** The first of `names` free or holding the same object (else `<last name>2`, `3`, …). */
  const register = (section: string, names: string[], value: unknown): { $ref: string } => {
    components[section] ??= {};
    const entries = components[section];
    const text = JSON.stringify(value);
    const last = names[names.length - 1] ?? section;
    for (let n = 0; ; n++) {
      const candidate = names[n] ?? `${last}${n - names.length + 2}`;
      if (!(candidate in entries)) entries[candidate] = value;
      if (JSON.stringify(entries[candidate]) === text) return { $ref: `#/components/${section}/${candidate}` };
    }
  };
  const uses = (values: unknown[]) => {
    const counts = new Map<string, number>();
    for (const value of values) counts.set(JSON.stringify(value), (counts.get(JSON.stringify(value)) ?? 0) + 1);
    return (value: unknown) => counts.get(JSON.stringify(value)) ?? 0;
  };

  // Named schemas (`title`) first, inside every response body, so responses compare equal after.
  const titled = (schema: unknown): unknown => {
    if (Array.isArray(schema)) return schema.map(titled);
    if (typeof schema !== 'object' || schema === null) return schema;
    const copy = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, titled(value)]));
    return typeof copy.title === 'string' && copy.type === 'object' ? register('schemas', [copy.title], copy) : copy;
  };
  for (const operation of operations) {
    for (const response of Object.values(operation.responses)) {
      for (const media of Object.values(response.content ?? {}))
        if (media.schema) media.schema = titled(media.schema) as Schema;
    }
  }

  for (const operation of operations) {
    for (const response of Object.values(operation.responses)) {
      for (const [name, header] of Object.entries(response.headers ?? {})) {
        (response.headers as Record<string, unknown>)[name] = register(
          'headers',
          header.required === false ? [name, `${name}-Optional`] : [name],
          header,
        );
      }
    }
  }

  const responseUses = uses(operations.flatMap((operation) => Object.values(operation.responses)));
  for (const operation of operations) {
    for (const [status, response] of Object.entries(operation.responses)) {
      if (responseUses(response) < 2 || !response.content?.['application/problem+json']) continue;
      const name = (STATUS_CODES[Number(status)] ?? `Status ${status}`).replace(
        /[^A-Za-z0-9]+(.)?/g,
        (_, letter: string = '') => letter.toUpperCase(),
      );
      const limited = Boolean(response.headers?.RateLimit ?? response.headers?.['RateLimit-Policy']);
      (operation.responses as Record<string, unknown>)[status] = register(
        'responses',
        limited ? [name] : [name, `${name}NotRateLimited`],
        response,
      );
    }
  }

  const parameterUses = uses(operations.flatMap((operation) => operation.parameters ?? []));
  for (const operation of operations) {
    operation.parameters = operation.parameters?.map((parameter) => {
      const { name, in: where } = parameter as { name?: string; in?: string };
      return parameterUses(parameter) < 2
        ? parameter
        : (register('parameters', [`${name}`, `${name}-${where}`], parameter) as typeof parameter);
    });
  }
  return document;
}

function describeResponse(status: number, response: Response, route: RouteFacts) {
  if (!response.description || response.description === 'Default Response') {
    response.description = STATUS_CODES[status] ?? `Status ${status}`;
  }
  const json = response.content?.['application/json'];
  const isProblem = status >= 400 && json?.schema?.$ref === PROBLEM_REF;
  if (isProblem) response.content = { 'application/problem+json': json };
  const limited = route.rateLimited && (status < 300 || (status >= 400 && status < 500));
  response.headers = {
    'X-Request-Id': REQUEST_ID,
    'Access-Control-Allow-Origin': ALLOW_ORIGIN,
    // Every answer that passed the limiter carries them; an error raised before it ran does not.
    ...(limited ? { RateLimit: rateLimit(status < 300), 'RateLimit-Policy': rateLimitPolicy(status < 300) } : {}),
    ...(status === 201 ? { Location: LOCATION } : {}),
    ...(status === 401 ? { 'WWW-Authenticate': WWW_AUTHENTICATE } : {}),
    ...(status === 429 || (status === 503 && isProblem) ? { 'Retry-After': RETRY_AFTER } : {}),
    // Headers a route declares itself (`headers` beside its response schema) come last.
    ...response.headers,
  };
}

/** `GET /v1/tasks/{id}` → `getTasksById`: stable names for generated clients and test tools. */
function operationIdOf(method: string, path: string): string {
  const words = path
    .split('/')
    .filter((segment) => segment && segment !== 'v1')
    .flatMap((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment)?.[1];
      return parameter ? ['by', parameter] : segment.split(/[-_.]/);
    });
  return method + words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}
