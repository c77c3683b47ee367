/**
 * Exercise 02 "upstream-calls" — .practice/exercises/02-upstream-calls.md
 *
 * An HTTP client for one upstream API, with every policy of this folder applied in order:
 *
 *   circuit breaker → retries (backoff + jitter, Retry-After) → one attempt (timeout) → fetch
 *
 * `getJson` (done) builds the URL and runs the policies; each policy is an exercise of its own
 * (retries 04, circuit breaker 05) and lets every call through until it is done. What is left is
 * `attempt`: one request, bounded in time, and whatever comes back checked before anyone uses it
 * (the status, the size, that it is JSON, and that it matches the schema). Every failure leaves
 * as an `UpstreamError`, never as anything else. Keep the exported names and signatures.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { HttpProblem } from '../http/problem.js';
import { CircuitBreaker, CircuitOpenError } from './circuit-breaker.js';
import type { Deadline } from './deadline.js';
import { type RetryPolicy, withRetries } from './retry.js';
import { UpstreamError } from './upstream-error.js';

export interface UpstreamClientOptions {
  /** a short name for logs and errors, e.g. `geocoding` */
  name: string;
  baseUrl: string;
  userAgent: string;
  timeoutMs: number;
  retry: RetryPolicy;
  circuitBreaker: { failureThreshold: number; cooldownMs: number };
  log: FastifyBaseLogger;
  /** appended to the client's message when the upstream cannot be reached */
  unreachableHint?: string;
}

export class UpstreamClient {
  readonly breaker: CircuitBreaker;

  constructor(private readonly options: UpstreamClientOptions) {
    this.breaker = new CircuitBreaker({
      ...options.circuitBreaker,
      onStateChange: (state) => options.log.warn({ upstream: options.name, state }, `circuit ${state}`),
    });
  }

  /**
   * GETs `path` with `query` and returns the JSON body once it matches `schema`. Only GET:
   * retrying is safe because reading twice changes nothing upstream.
   */
  async getJson<Schema extends TSchema>(
    path: string,
    query: Record<string, string | number>,
    schema: Schema,
    deadline: Deadline,
  ): Promise<Static<Schema>> {
    // The path is ours and the query values are encoded: a caller can never choose the URL.
    const url = new URL(path, this.options.baseUrl);
    for (const [name, value] of Object.entries(query)) url.searchParams.set(name, String(value));

    try {
      return await this.breaker.run(
        () =>
          withRetries(
            this.options.retry,
            deadline,
            () => this.attempt(url, schema, deadline),
            (error, delayMs, attemptNumber) =>
              this.options.log.warn(
                { upstream: this.options.name, failure: error.failure, reason: error.reason, attemptNumber, delayMs },
                'upstream attempt failed: retrying',
              ),
          ),
        // A 4xx other than 408/429 means our request was wrong, not that the upstream is unwell.
        (error) => error instanceof UpstreamError && error.failure !== 'rejected',
      );
    } catch (error) {
      if (error instanceof CircuitOpenError) {
        throw this.error('circuit-open', 'the circuit is open: failing fast', error.retryAfterMs);
      }
      if (error instanceof UpstreamError) {
        this.options.log.warn(
          { upstream: this.options.name, failure: error.failure, reason: error.reason },
          'upstream call failed',
        );
      }
      throw error;
    }
  }

  private async attempt<Schema extends TSchema>(
    _url: URL,
    _schema: Schema,
    _deadline: Deadline,
  ): Promise<Static<Schema>> {
    throw new HttpProblem(501, 'Exercise 02 "upstream-calls" is not done yet: open src/upstream/upstream-client.ts', {
      title: 'Not Implemented',
    });
  }

  private error(failure: UpstreamError['failure'], reason: string, retryAfterMs?: number) {
    return new UpstreamError(this.options.name, failure, reason, retryAfterMs, this.options.unreachableHint);
  }
}
