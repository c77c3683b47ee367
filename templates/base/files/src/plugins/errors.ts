/**
 * The one place where errors become responses. Every error leaves as `application/problem+json`
 * (RFC 9457); a 5xx never carries a stack trace, SQL or an internal message, only a request id
 * to look up in the logs.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { isDatabaseUnavailable, isTransactionConflict, sqlState } from '../db/database-errors.js';
import { HttpProblem } from '../http/problem.js';

export const errorHandling = fp(async (app: FastifyInstance) => {
  app.setErrorHandler((error: FastifyError | HttpProblem, request, reply) => {
    const problem = toProblem(error);
    if (problem.status === 501) {
      // Not built yet (a practice exercise's stub): expected, and its detail says which one.
      request.log.warn({ status: 501 }, problem.message);
    } else if (problem.status >= 500) {
      request.log.error({ err: error }, 'request failed');
    } else {
      request.log.info({ status: problem.status, detail: problem.message }, 'request rejected');
    }
    sendProblem(request, reply, problem);
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

function sendProblem(request: FastifyRequest, reply: FastifyReply, problem: HttpProblem) {
  reply
    // Also when Fastify stopped before routing (frameworkErrors), where the onRequest hook that
    // sets it never ran: every problem names the request to look up in the logs.
    .header('x-request-id', request.id)
    .code(problem.status)
    .headers(problem.headers)
    .type('application/problem+json; charset=utf-8')
    .send(problem.toJSON(request.url));
}

/**
 * Errors Fastify meets before any route runs (Fastify's `frameworkErrors` option): a URL that
 * cannot be decoded, or a path parameter longer than `maxParamLength`.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const problem =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? new HttpProblem(414, 'A part of the URL path is longer than this API accepts.')
      : error.code === 'FST_ERR_BAD_URL'
        ? new HttpProblem(400, 'The URL is not valid: it contains an encoding that cannot be decoded.')
        : toProblem(error);
  request.log.info({ status: problem.status, code: error.code }, 'request rejected');
  sendProblem(request, reply, problem);
}

/**
 * Errors Node's HTTP parser meets before Fastify sees a request (Fastify's `clientErrorHandler`
 * option): headers too large, a request not sent in time, bytes that are not HTTP. There is no
 * request object yet, so the answer is written to the socket directly, then it is closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, detail] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'The request headers are larger than this server accepts.']
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'The request was not sent completely in time.']
        : [400, 'The request is not valid HTTP.'];
  if (socket.writable) {
    const body = JSON.stringify(new HttpProblem(status, detail).toJSON());
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  }
  socket.destroy(error);
}

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
  // The schemas should catch every value a column refuses; if one slips through (a CHECK
  // constraint or a number out of the column's range), it is still the client's value.
  if (state === '23514' || state === '22003')
    return new HttpProblem(400, 'The request contains a value that is too long or out of range.');
  // A date the schema's format let through but the calendar does not have (2030-02-30, year 0).
  if (state === '22007' || state === '22008')
    return new HttpProblem(400, 'The request contains a date or time that does not exist.');
  // Overloaded, not broken: no free connection in time, or the statement_timeout fired.
  if (isDatabaseUnavailable(error)) {
    return new HttpProblem(503, 'The service is busy right now. Try again in a few seconds.', {
      headers: { 'retry-after': '2' },
    });
  }

  // Aborted to break a deadlock (or a serialization conflict) with a concurrent request: it
  // rolled back cleanly, so the client may simply send it again; a 500 would say it is broken.
  if (isTransactionConflict(error)) {
    return new HttpProblem(503, 'The request collided with another one changing the same data. Send it again.', {
      headers: { 'retry-after': '1' },
    });
  }

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
