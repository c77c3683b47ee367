/**
 * An HTTP client for one upstream API, with every policy of this folder applied in order:
 *
 *   circuit breaker → retries (backoff + jitter, Retry-After) → one attempt (timeout) → fetch
 *
 * and whatever comes back checked before anyone uses it: the status, the size, that it is JSON,
 * and that it has the shape we rely on (a TypeBox schema, checked by Ajv). An upstream is
 * someone else's code on someone else's servers: it will be slow, down, rate-limiting or changed
 * one day, and none of that may become a 500 or a hang here. Every failure leaves as an
 * `UpstreamError`.
 *
 * The caching in front of it is the caller's (see cache.ts): what to cache, and for how long,
 * depends on what the answer means.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsPlugin from 'ajv-formats';
import type { FastifyBaseLogger } from 'fastify';
import type { Static, TSchema } from 'typebox';
import { CircuitBreaker, CircuitOpenError } from './circuit-breaker.js';
import type { Deadline } from './deadline.js';
import { parseRetryAfter, type RetryPolicy, withRetries } from './retry.js';
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

/** Weather answers are a few kilobytes; anything far larger is not one, and is not read whole. */
const MAX_BODY_BYTES = 1024 * 1024;

// Answers are checked with Ajv, the app's request validator: no second validation library to
// load at start-up. Each schema is compiled once, on its first use.
// With its formats: a `format: date` in an answer's schema is a real check, not a comment.
const ajv = new Ajv({ allErrors: false });
// ajv-formats is CommonJS; its default export arrives one level deeper under NodeNext.
(addFormatsPlugin as unknown as typeof addFormatsPlugin.default)(ajv);
const validators = new WeakMap<TSchema, ValidateFunction>();
function validatorOf(schema: TSchema): ValidateFunction {
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(schema, validate);
  }
  return validate;
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

  private async attempt<Schema extends TSchema>(url: URL, schema: Schema, deadline: Deadline): Promise<Static<Schema>> {
    const signal = deadline.attemptSignal(this.options.timeoutMs);
    let response: Response;
    try {
      response = await fetch(url, {
        headers: { accept: 'application/json', 'user-agent': this.options.userAgent },
        // A redirect could lead anywhere (another host, http://); an API we depend on should
        // not move without us changing the base URL on purpose.
        redirect: 'manual',
        signal,
      });
    } catch (error) {
      throw this.failureOf(error, signal);
    }

    if (!response.ok) {
      // Unread bodies hold their connection: release it before giving up on the response.
      await response.body?.cancel().catch(() => {});
      const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
      const status = response.status;
      if (status === 429) throw this.error('rate-limited', 'answered 429 Too Many Requests', retryAfterMs);
      if (status === 408 || status >= 500) throw this.error('server-error', `answered ${status}`, retryAfterMs);
      throw this.error('rejected', `answered ${status}`);
    }

    let text: string | undefined;
    try {
      text = await readText(response, MAX_BODY_BYTES);
    } catch (error) {
      throw this.failureOf(error, signal);
    }
    if (text === undefined) throw this.error('invalid-response', `the body is larger than ${MAX_BODY_BYTES} bytes`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw this.error('invalid-response', 'the body is not JSON');
    }
    const validate = validatorOf(schema);
    if (!validate(body)) {
      const [first] = validate.errors ?? [];
      throw this.error('invalid-response', `unexpected shape at ${first?.instancePath || '/'}: ${first?.message}`);
    }
    return body as Static<Schema>;
  }

  private failureOf(error: unknown, signal: AbortSignal): UpstreamError {
    if (signal.aborted) return this.error('timeout', 'no answer within the time limit');
    return this.error('network', (error as Error).cause ? String((error as Error).cause) : String(error));
  }

  private error(failure: UpstreamError['failure'], reason: string, retryAfterMs?: number) {
    return new UpstreamError(this.options.name, failure, reason, retryAfterMs, this.options.unreachableHint);
  }
}

/**
 * Reads the body as text, but no more than `maxBytes` (undefined beyond that): the upstream
 * decides how much it sends, we decide how much we hold in memory.
 */
async function readText(response: Response, maxBytes: number): Promise<string | undefined> {
  if (Number(response.headers.get('content-length')) > maxBytes) {
    await response.body?.cancel();
    return undefined;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  // Leaving the loop early cancels the stream, which releases the connection.
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > maxBytes) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
