/**
 * Exercise 05: the circuit breaker's state machine, with a clock the test moves by hand (the
 * `now` option): the cool-down takes no real time.
 */
import { describe, expect, it } from 'vitest';
import { CircuitBreaker, CircuitOpenError } from '../../src/upstream/circuit-breaker.js';

function setUp() {
  let now = 0;
  const states: string[] = [];
  const breaker = new CircuitBreaker({
    failureThreshold: 3,
    cooldownMs: 1000,
    now: () => now,
    onStateChange: (state) => states.push(state),
  });
  let calls = 0;
  const succeed = () =>
    breaker.run(
      async () => ++calls,
      () => true,
    );
  const fail = () =>
    breaker.run(
      async () => {
        calls++;
        throw new Error('upstream down');
      },
      () => true,
    );
  return { breaker, states, succeed, fail, calls: () => calls, advance: (ms: number) => (now += ms) };
}

describe('circuit breaker', () => {
  it('opens after the threshold of consecutive failures and then fails fast without calling', async () => {
    const { breaker, fail, succeed, calls } = setUp();
    for (let i = 0; i < 3; i++) await expect(fail()).rejects.toThrow('upstream down');
    expect(breaker.currentState).toBe('open');
    await expect(succeed()).rejects.toBeInstanceOf(CircuitOpenError);
    expect(calls()).toBe(3);
  });

  it('a success in between resets the count', async () => {
    const { breaker, fail, succeed } = setUp();
    await fail().catch(() => {});
    await fail().catch(() => {});
    await succeed();
    await fail().catch(() => {});
    expect(breaker.currentState).toBe('closed');
  });

  it('tells how long until the trial', async () => {
    const { fail, succeed, advance } = setUp();
    for (let i = 0; i < 3; i++) await fail().catch(() => {});
    advance(400);
    await expect(succeed()).rejects.toMatchObject({ retryAfterMs: 600 });
  });

  it('after the cooldown lets one trial through, and closes when it succeeds', async () => {
    const { breaker, states, fail, succeed, advance } = setUp();
    for (let i = 0; i < 3; i++) await fail().catch(() => {});
    advance(1000);
    await succeed();
    expect(breaker.currentState).toBe('closed');
    expect(states).toEqual(['open', 'half-open', 'closed']);
  });

  it('reopens when the trial fails', async () => {
    const { breaker, states, fail, advance } = setUp();
    for (let i = 0; i < 3; i++) await fail().catch(() => {});
    advance(1000);
    await fail().catch(() => {});
    expect(breaker.currentState).toBe('open');
    expect(states).toEqual(['open', 'half-open', 'open']);
  });

  it('lets only one trial through at a time', async () => {
    const { breaker, fail, advance } = setUp();
    for (let i = 0; i < 3; i++) await fail().catch(() => {});
    advance(1000);
    let finishTrial = () => {};
    const trial = breaker.run(
      () => new Promise<void>((resolve) => (finishTrial = resolve)),
      () => true,
    );
    await expect(
      breaker.run(
        async () => 'second',
        () => true,
      ),
    ).rejects.toBeInstanceOf(CircuitOpenError);
    finishTrial();
    await trial;
    expect(breaker.currentState).toBe('closed');
  });

  it('counts failures in a row, not in total: many failures spread between successes never open it', async () => {
    const { breaker, fail, succeed } = setUp();
    for (let i = 0; i < 10; i++) {
      await fail().catch(() => {});
      await fail().catch(() => {});
      await succeed();
    }
    expect(breaker.currentState).toBe('closed');
  });

  it('stays open for the whole cool-down, however often it is called', async () => {
    const { breaker, fail, succeed, advance, calls } = setUp();
    for (let i = 0; i < 3; i++) await fail().catch(() => {});
    for (let i = 0; i < 9; i++) {
      advance(100);
      await expect(succeed()).rejects.toBeInstanceOf(CircuitOpenError);
    }
    expect(calls()).toBe(3);
    expect(breaker.currentState).toBe('open');
    advance(100);
    await succeed();
    expect(breaker.currentState).toBe('closed');
  });

  it('a failed trial starts a whole new cool-down', async () => {
    const { breaker, fail, succeed, advance } = setUp();
    for (let i = 0; i < 3; i++) await fail().catch(() => {});
    advance(1000);
    await fail().catch(() => {});
    advance(999);
    await expect(succeed()).rejects.toMatchObject({ retryAfterMs: 1 });
    advance(1);
    await succeed();
    expect(breaker.currentState).toBe('closed');
  });

  it('after closing, it takes the full threshold again to open', async () => {
    const { breaker, fail, succeed, advance } = setUp();
    for (let i = 0; i < 3; i++) await fail().catch(() => {});
    advance(1000);
    await succeed();
    await fail().catch(() => {});
    await fail().catch(() => {});
    expect(breaker.currentState).toBe('closed');
    await fail().catch(() => {});
    expect(breaker.currentState).toBe('open');
  });

  it('the result and the error of the call come back unchanged', async () => {
    const { breaker } = setUp();
    await expect(
      breaker.run(
        async () => ({ answer: 42 }),
        () => true,
      ),
    ).resolves.toEqual({ answer: 42 });
    const error = new RangeError('out of range');
    await expect(
      breaker.run(
        async () => {
          throw error;
        },
        () => true,
      ),
    ).rejects.toBe(error);
  });

  it('errors that are not the upstream failing do not count', async () => {
    const { breaker } = setUp();
    for (let i = 0; i < 5; i++) {
      await breaker
        .run(
          async () => {
            throw new Error('not found');
          },
          () => false,
        )
        .catch(() => {});
    }
    expect(breaker.currentState).toBe('closed');
  });

  it('an error that does not count, in a half-open trial, closes it: the upstream answered', async () => {
    const { breaker, fail, advance } = setUp();
    for (let i = 0; i < 3; i++) await fail().catch(() => {});
    advance(1000);
    await breaker
      .run(
        async () => {
          throw new Error('not found');
        },
        () => false,
      )
      .catch(() => {});
    expect(breaker.currentState).toBe('closed');
  });
});
