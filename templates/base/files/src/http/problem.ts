/**
 * RFC 9457 "Problem Details for HTTP APIs": every error response has the same shape, so a
 * client handles all of them with one piece of code. Throw an `HttpProblem` from a route or a
 * service; the error handler (plugins/errors.ts) turns it into the response.
 */
import { STATUS_CODES } from 'node:http';
import { type Static, Type } from 'typebox';

const FieldErrorSchema = Type.Object({
  /** JSON Pointer to the offending field, e.g. `/title` (RFC 6901) */
  field: Type.String({ maxLength: 1024, pattern: '^/' }),
  message: Type.String({ maxLength: 1024 }),
});

export const ProblemSchema = Type.Object(
  {
    type: Type.String({
      format: 'uri-reference',
      maxLength: 2048,
      description: 'A URI that identifies the kind of problem; `about:blank` when the status says it all',
    }),
    title: Type.String({ maxLength: 200 }),
    status: Type.Integer({ format: 'int32', minimum: 400, maximum: 599 }),
    /** Bounded like `instance`: a 404's detail names the path that was asked for. */
    detail: Type.Optional(Type.String({ maxLength: 16384 })),
    /** The request's path and query, which Node caps with the request head (16 KiB). */
    instance: Type.Optional(Type.String({ maxLength: 16384 })),
    errors: Type.Optional(Type.Array(FieldErrorSchema, { maxItems: 100 })),
  },
  { $id: 'Problem', title: 'Problem' },
);

export type Problem = Static<typeof ProblemSchema>;

export class HttpProblem extends Error {
  readonly status: number;
  readonly title: string;
  readonly type: string;
  readonly errors: Problem['errors'];
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    detail: string,
    options: { title?: string; type?: string; errors?: Problem['errors']; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
    this.status = status;
    this.title = options.title ?? STATUS_CODES[status] ?? 'Error';
    this.type = options.type ?? 'about:blank';
    this.errors = options.errors;
    this.headers = options.headers ?? {};
  }

  toJSON(instance?: string): Problem {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(instance ? { instance } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

// The problems services throw, by name. They are the shared vocabulary of every template, and
// not every template needs each one: `@public` tells knip (`npm run lint:unused`) not to report
// the ones a template leaves unused.

/** @public */
export const badRequest = (detail: string, errors?: Problem['errors']) => new HttpProblem(400, detail, { errors });
/** @public */
export const unauthorized = (detail: string) =>
  new HttpProblem(401, detail, { headers: { 'www-authenticate': 'Bearer' } });
/** @public */
export const forbidden = (detail: string) => new HttpProblem(403, detail);
/** @public */
export const notFound = (detail: string) => new HttpProblem(404, detail);
/** @public */
export const conflict = (detail: string) => new HttpProblem(409, detail);
/** @public */
export const unprocessable = (detail: string) => new HttpProblem(422, detail);
