/**
 * A circuit breaker (Michael Nygard, "Release It!") stops calling an upstream that keeps
 * failing: each call would cost our client the whole deadline and add load to a service that is
 * already struggling. Three states:
 *
 *   closed ──(failureThreshold failures in a row)──▶ open ──(cooldown passed)──▶ half-open
 *     ▲                                               ▲                            │
 *     └──────────────(the trial call succeeds)────────┼────────────────────────────┤
 *                                                     └───(the trial call fails)───┘
 *
 * While open, calls fail at once without touching the upstream; half-open lets exactly one
 * trial call through while the others keep failing fast.
 *
 * Written here (sixty lines) rather than taken from `cockatiel` or `opossum` so the state machine
 * can be read in one place; reach for one of those when you need sampling breakers (a failure
 * *rate* over a window), bulkheads or metrics. The state lives in this process: each instance of
 * the app decides on its own, which is the usual trade-off (no shared state to fail).
 */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  failureThreshold: number;
  cooldownMs: number;
  onStateChange?: (state: CircuitState) => void;
  now?: () => number;
}

export class CircuitOpenError extends Error {
  constructor(readonly retryAfterMs: number) {
    super('circuit open');
    this.name = 'CircuitOpenError';
  }
}

export class CircuitBreaker {
  private state: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private trialInFlight = false;
  private readonly now: () => number;

  constructor(private readonly options: CircuitBreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  get currentState(): CircuitState {
    return this.state;
  }

  /**
   * Runs `call` unless the circuit is open. `isFailure` says which errors count against the
   * upstream: a "not found" answer is a healthy upstream, a timeout is not.
   */
  async run<T>(call: () => Promise<T>, isFailure: (error: unknown) => boolean): Promise<T> {
    if (this.state === 'open') {
      const waited = this.now() - this.openedAt;
      if (waited < this.options.cooldownMs) throw new CircuitOpenError(this.options.cooldownMs - waited);
      this.transition('half-open');
    }
    const isTrial = this.state === 'half-open';
    if (isTrial) {
      if (this.trialInFlight) throw new CircuitOpenError(this.options.cooldownMs);
      this.trialInFlight = true;
    }

    try {
      const result = await call();
      this.recordSuccess();
      return result;
    } catch (error) {
      if (isFailure(error)) this.recordFailure();
      else this.recordSuccess();
      throw error;
    } finally {
      if (isTrial) this.trialInFlight = false;
    }
  }

  private recordSuccess() {
    this.consecutiveFailures = 0;
    if (this.state !== 'closed') this.transition('closed');
  }

  private recordFailure() {
    this.consecutiveFailures++;
    if (this.state === 'half-open' || this.consecutiveFailures >= this.options.failureThreshold) {
      this.openedAt = this.now();
      this.transition('open');
    }
  }

  private transition(state: CircuitState) {
    if (state === this.state) return;
    this.state = state;
    this.options.onStateChange?.(state);
  }
}
