/**
 * Exercise 02 "upstream-calls" — .practice/exercises/02-upstream-calls.md
 *
 * Two time limits, because they protect against different things:
 * - the **timeout per attempt** gives up on one slow answer, so a retry can try a healthier
 *   connection or server;
 * - the **deadline** bounds everything one client request may spend upstream (attempts, waits
 *   between them), so our client gets an answer, even a 504, in bounded time and never hangs.
 *
 * For now a Deadline sets no limit at all: its signals never abort and all the time in the world
 * remains. Keep the exported class, its constructor and its members.
 */
export class Deadline {
  readonly signal: AbortSignal;

  constructor(readonly ms: number) {
    this.signal = new AbortController().signal;
  }

  /** Whether the deadline has passed. */
  get expired(): boolean {
    return false;
  }

  /** Milliseconds until the deadline (0 once it has passed). */
  remainingMs(): number {
    return Number.POSITIVE_INFINITY;
  }

  /** Aborts when this attempt takes longer than `timeoutMs` or the deadline passes, whichever is first. */
  attemptSignal(_timeoutMs: number): AbortSignal {
    return this.signal;
  }
}
