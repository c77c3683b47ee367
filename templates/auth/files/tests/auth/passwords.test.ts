import * as argon2 from '@node-rs/argon2';
import { describe, expect, it, vi } from 'vitest';
import { loadConfig, PASSWORD_HASHING } from '../../src/config.js';

// Spies that call the real functions: a test can count how often a hash is made or verified.
vi.mock('@node-rs/argon2', { spy: true });
// Test files share loaded modules (`isolate: false`): an earlier file may have loaded
// passwords.ts with the real functions, so it is loaded anew here, where it gets the spies.
vi.resetModules();
const { hashPassword, needsRehash, spendPasswordCheckTime, verifyPassword } = await import(
  '../../src/auth/passwords.js'
);

describe('password hashing', () => {
  it('production uses Argon2id with OWASP’s parameters (m=19456 KiB, t=2, p=1)', async () => {
    const production = loadConfig({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://app@db/app',
      JWT_SECRET: 'k4Jx9vQ2mT7wL1pZ8nR3sY6uB0cE5hG-aD',
    });
    expect(production.auth.password).toEqual({ memoryCost: 19_456, timeCost: 2, parallelism: 1 });

    const hash = await hashPassword('correct horse battery staple', PASSWORD_HASHING);
    expect(hash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(hash, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse battery stapler')).toBe(false);
  });

  it('tests run with cheaper parameters than production', () => {
    expect(loadConfig({ NODE_ENV: 'test' }).auth.password.memoryCost).toBeLessThan(PASSWORD_HASHING.memoryCost);
  });

  it('a hash made with other parameters needs a rehash, whichever parameter differs', async () => {
    const made = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
    const hash = await hashPassword('correct horse battery staple', made);
    expect(needsRehash(hash, made)).toBe(false);
    expect(needsRehash(hash, PASSWORD_HASHING)).toBe(true);
    expect(needsRehash(hash, { ...made, memoryCost: 2048 })).toBe(true);
    expect(needsRehash(hash, { ...made, timeCost: 2 })).toBe(true);
    expect(needsRehash(hash, { ...made, parallelism: 2 })).toBe(true);
  });

  it('salts every hash: the same password hashes differently each time, and both verify', async () => {
    const parameters = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
    const first = await hashPassword('correct horse battery staple', parameters);
    const second = await hashPassword('correct horse battery staple', parameters);
    expect(first).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(second).not.toBe(first);
    expect(await verifyPassword(first, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(second, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(second, 'Correct horse battery staple')).toBe(false);
  });

  it('spending a password check’s time answers nothing and never throws', async () => {
    const parameters = { memoryCost: 1024, timeCost: 1, parallelism: 1 };
    await expect(spendPasswordCheckTime('any password at all', parameters)).resolves.toBeUndefined();
    await expect(spendPasswordCheckTime('', parameters)).resolves.toBeUndefined();
  });

  it('spending a password check’s time verifies like a real check, against a dummy hash made once per setting', async () => {
    // A setting no other test uses, so the dummy hash for it is made in this test.
    const parameters = { memoryCost: 1031, timeCost: 1, parallelism: 1 };
    vi.mocked(argon2.hash).mockClear();
    vi.mocked(argon2.verify).mockClear();
    await spendPasswordCheckTime('a wrong password', parameters);
    await spendPasswordCheckTime('another wrong password', parameters);
    expect(argon2.verify).toHaveBeenCalledTimes(2);
    expect(argon2.hash).toHaveBeenCalledTimes(1);
    // The dummy hash costs what a real one costs only if it is made with the parameters given.
    for (const [dummyHash] of vi.mocked(argon2.verify).mock.calls) {
      expect(
        dummyHash,
        'the dummy hash must be made with the parameters spendPasswordCheckTime was given, not the library’s defaults',
      ).toMatch(/^\$argon2id\$v=19\$m=1031,t=1,p=1\$/);
    }
  });

  it('spending a password check’s time waits for the whole check: it resolves only once the dummy verify has', async () => {
    const parameters = { memoryCost: 1033, timeCost: 1, parallelism: 1 };
    await spendPasswordCheckTime('warming up: the dummy hash for this setting exists now', parameters);
    // The next verify is held open by the test, so "resolved too early" is a fact, not a timing.
    let finishVerify: (matches: boolean) => void = () => {};
    vi.mocked(argon2.verify).mockClear();
    vi.mocked(argon2.verify).mockImplementationOnce(
      () =>
        new Promise<boolean>((resolve) => {
          finishVerify = resolve;
        }),
    );
    let resolved = false;
    const spending = spendPasswordCheckTime('a wrong password', parameters).then(() => {
      resolved = true;
    });
    await vi.waitFor(() => expect(argon2.verify).toHaveBeenCalledTimes(1));
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(
      resolved,
      'spendPasswordCheckTime resolved while its verify was still running: await the verify, or an unknown email answers faster than a wrong password',
    ).toBe(false);
    finishVerify(false);
    await spending;
    expect(resolved).toBe(true);
  });
});
