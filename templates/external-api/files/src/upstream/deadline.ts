/**
 * Two time limits, because they protect against different things:
 * - the **timeout per attempt** gives up on one slow answer, so a retry can try a healthier
 *   connection or server;
 * - the **deadline** bounds everything one client request may spend upstream (attempts, waits
 *   between them), so our client gets an answer, even a 504, in bounded time and never hangs.
 */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly expiresAt: number;

  constructor(readonly ms: number) {
    this.expiresAt = Date.now() + ms;
    this.signal = AbortSignal.timeout(ms);
  }

  get expired(): boolean {
    return this.signal.aborted;
  }

  remainingMs(): number {
    return Math.max(0, this.expiresAt - Date.now());
  }

  /** Aborts when this attempt takes longer than `timeoutMs` or the deadline passes, whichever is first. */
  attemptSignal(timeoutMs: number): AbortSignal {
    return AbortSignal.any([this.signal, AbortSignal.timeout(timeoutMs)]);
  }
}
