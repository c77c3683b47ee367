/**
 * The one place where errors become responses. Every error leaves as `application/problem+json`
 * (RFC 9457); a 5xx never carries a stack trace, SQL or an internal message, only a request id
 * to look up in the logs.
 */
import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { sqlState } from '../db/database.js';
import { HttpProblem } from '../http/problem.js';

export const errorHandling = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError | HttpProblem, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ status: problem.status, detail: problem.message }, 'request rejected');
    }
    reply
      .code(problem.status)
      .headers(problem.headers)
      .type('application/problem+json; charset=utf-8')
      .send(problem.toJSON(request.url));
  });

  // A known path asked with a method it does not have is a 405 naming the ones it has
  // (RFC 9110 §15.5.6), not a 404: the client has the right URL and the wrong method.
  const routes: { pattern: RegExp; method: string }[] = [];
  app.addHook('onRoute', (route) => {
    if (route.url.includes('*')) return; // wildcards (CORS preflight, static docs files)
    const segments = route.url
      .split('/')
      .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&')));
    const pattern = new RegExp(`^${segments.join('/')}$`);
    for (const method of [route.method].flat()) routes.push({ pattern, method });
  });

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? '/';
    const allowed = [...new Set(routes.filter((route) => route.pattern.test(path)).map((route) => route.method))];
    const problem =
      allowed.length > 0
        ? new HttpProblem(405, `${path} answers ${allowed.join(', ')}, not ${request.method}.`, {
            headers: { allow: allowed.join(', ') },
          })
        : new HttpProblem(404, `No route for ${request.method} ${path}`);
    reply
      .code(problem.status)
      .headers(problem.headers)
      .type('application/problem+json; charset=utf-8')
      .send(problem.toJSON(request.url));
  });
});

function toProblem(error: FastifyError | HttpProblem): HttpProblem {
  if (error instanceof HttpProblem) return error;

  if (error.validation) {
    const where = error.validationContext ?? 'request';
    return new HttpProblem(400, `The ${where} is not valid: ${error.message}`, {
      title: 'Validation failed',
      errors: error.validation.map((issue) => ({
        field: fieldPointer(issue.instancePath, issue.params),
        message: issue.message ?? 'is invalid',
      })),
    });
  }

  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem(415, 'Send the body as JSON with `Content-Type: application/json`.');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpProblem(413, 'The request body is larger than this API accepts.');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new HttpProblem(400, 'The body is empty but `Content-Type: application/json` was sent.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new HttpProblem(400, 'The body is not valid JSON.');
  }

  // Text that PostgreSQL cannot store (a NUL byte) or parse is the client's mistake, not ours.
  const state = sqlState(error);
  if (state === '22021' || state === '22P05')
    return new HttpProblem(400, 'The request contains characters that cannot be stored.');

  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Errors raised by Fastify and its plugins for client mistakes have safe messages.
    return new HttpProblem(status, error.message, { headers: retryAfterOf(error) });
  }
  return new HttpProblem(
    500,
    'Something went wrong on our side. The request id in `x-request-id` helps find out what.',
  );
}

/** Ajv reports a missing property on its parent; point at the property itself. */
function fieldPointer(instancePath: string, params: Record<string, unknown>): string {
  const child = params.missingProperty ?? params.additionalProperty;
  return typeof child === 'string' ? `${instancePath}/${child}` : instancePath || '/';
}

function retryAfterOf(error: FastifyError): Record<string, string> {
  const headers = (error as { headers?: Record<string, string> }).headers;
  return headers?.['retry-after'] ? { 'retry-after': headers['retry-after'] } : {};
}
