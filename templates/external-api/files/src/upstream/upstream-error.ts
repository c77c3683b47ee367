/**
 * Everything that can go wrong with an upstream call, as one error type. It is an `HttpProblem`,
 * so the error handler turns it into problem+json like any other error, with a status that
 * describes whose fault it was: never a 500, because nothing the upstream does is a bug here.
 *
 * | failure            | status | meaning for our client                                   |
 * | ------------------ | ------ | -------------------------------------------------------- |
 * | `timeout`          | 504    | the upstream did not answer within the deadline          |
 * | `network`          | 502    | connection refused or reset, DNS failure                 |
 * | `server-error`     | 502    | the upstream answered 408 or 5xx (after retries)         |
 * | `rejected`         | 502    | the upstream refused our request (another 4xx, a redirect) |
 * | `invalid-response` | 502    | the body was not JSON, or not the shape we rely on       |
 * | `rate-limited`     | 503    | the upstream asked us to slow down (429)                 |
 * | `circuit-open`     | 503    | we stopped calling it for a while after repeated failures |
 */
import { HttpProblem } from '../http/problem.js';

export type UpstreamFailure =
  | 'timeout'
  | 'network'
  | 'server-error'
  | 'rejected'
  | 'invalid-response'
  | 'rate-limited'
  | 'circuit-open';

const STATUS: Record<UpstreamFailure, number> = {
  timeout: 504,
  network: 502,
  'server-error': 502,
  rejected: 502,
  'invalid-response': 502,
  'rate-limited': 503,
  'circuit-open': 503,
};

/** How long a client should wait after a 503 when the provider did not say (a 429 without `Retry-After`). */
const DEFAULT_RETRY_AFTER_MS = 30_000;

export class UpstreamError extends HttpProblem {
  constructor(
    readonly upstream: string,
    readonly failure: UpstreamFailure,
    /** what happened, for the logs; clients get a generic message that names no internals */
    readonly reason: string,
    /** how long the upstream (or our breaker) asked us to wait, when it said so */
    readonly retryAfterMs?: number,
    /** added to the client's message when the upstream cannot be reached (development: the fake) */
    unreachableHint?: string,
  ) {
    const message = clientMessage(failure);
    const status = STATUS[failure];
    // A 503 always tells the client when to come back (the API document promises it): the
    // provider's own `Retry-After` when it sent one, else a cautious default.
    const waitMs = retryAfterMs ?? (status === 503 ? DEFAULT_RETRY_AFTER_MS : undefined);
    super(status, failure === 'network' && unreachableHint ? `${message} ${unreachableHint}` : message, {
      headers: waitMs === undefined ? {} : { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) },
    });
    this.name = 'UpstreamError';
  }

  /** Failures worth another attempt: transient by nature, and our requests are idempotent GETs. */
  get isTransient(): boolean {
    return (
      this.failure === 'timeout' ||
      this.failure === 'network' ||
      this.failure === 'server-error' ||
      this.failure === 'rate-limited'
    );
  }
}

/** Says what happened, in the client's terms: which side failed, and whether waiting helps. */
function clientMessage(failure: UpstreamFailure): string {
  switch (failure) {
    case 'timeout':
      return 'The weather provider did not answer in time. Try again in a moment.';
    case 'network':
      return 'The weather provider cannot be reached. Try again later.';
    case 'server-error':
      return 'The weather provider is failing: it answered with a server error. Try again later.';
    case 'rejected':
      return 'The weather provider refused the request. Try again later.';
    case 'invalid-response':
      return 'The weather provider sent an answer we cannot use. Try again later.';
    case 'rate-limited':
    case 'circuit-open':
      return 'The weather provider is unavailable right now. Try again after the time in `Retry-After`.';
  }
}
