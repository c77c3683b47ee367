/**
 * A real terminal for interactive tests: tmux runs the CLI in a pane of a given size, keys are
 * sent as a user types them, and the screen is read back as the user sees it (`capture-pane`),
 * so redraw bugs (fragments of wrapped lines, invisible characters) show up.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { BIN, tempDir, testEnv } from './cli.js';

export interface Terminal {
  /** send keys: tmux key names (`Enter`, `C-u`, `Down`, `BSpace`) or literal text with `{ literal: true }` */
  keys(...keys: string[]): Promise<void>;
  type(text: string): Promise<void>;
  /** the visible screen, trailing spaces trimmed */
  screen(): Promise<string>;
  /** waits until the screen contains `text` (or matches), returns the screen */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  /** waits for the CLI to exit; its exit code */
  exitCode(timeoutMs?: number): Promise<number>;
  close(): Promise<void>;
}

export async function openTerminal(args: string[], options: { cwd: string; columns?: number; rows?: number; env?: Record<string, string | undefined> }): Promise<Terminal> {
  const socket = `cbp-${randomBytes(6).toString('hex')}`;
  const status = join(tempDir('cbp-term-'), 'exit-code');
  const tmux = (...tmuxArgs: string[]) => execa('tmux', ['-L', socket, ...tmuxArgs], { env: { ...process.env, TMUX: undefined } });
  const env = options.env ?? testEnv();
  const quote = (part: string) => `'${part.replace(/'/g, `'\\''`)}'`;
  const exports = Object.entries(env)
    .filter(([name, value]) => value !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    .map(([name, value]) => `export ${name}=${quote(value!)}`);
  const unsets = Object.entries(env).filter(([, value]) => value === undefined).map(([name]) => `unset ${name}`);
  const script = join(tempDir('cbp-term-'), 'run.sh');
  writeFileSync(
    script,
    [...exports, ...unsets, `cd ${quote(options.cwd)}`, `${[process.execPath, BIN, ...args].map(quote).join(' ')}`, `echo $? > ${quote(status)}`, 'sleep 600'].join('\n'),
  );
  await tmux('new-session', '-d', '-s', 'cli', '-x', String(options.columns ?? 100), '-y', String(options.rows ?? 40), `sh ${quote(script)}`);

  const screen = async () => (await tmux('capture-pane', '-p', '-t', 'cli')).stdout.replace(/[ \t]+$/gm, '').trimEnd();
  const waitUntil = async <T>(check: () => Promise<T | undefined>, what: string, timeoutMs: number): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await check();
      if (value !== undefined) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${await screen()}`);
      await sleep(50);
    }
  };
  return {
    async keys(...keys) {
      await tmux('send-keys', '-t', 'cli', ...keys);
      await sleep(100);
    },
    async type(text) {
      await tmux('send-keys', '-t', 'cli', '-l', '--', text);
      await sleep(100);
    },
    screen,
    waitFor(text, timeoutMs = 15_000) {
      return waitUntil(
        async () => {
          const current = await screen();
          return (typeof text === 'string' ? current.includes(text) : text.test(current)) ? current : undefined;
        },
        String(text),
        timeoutMs,
      );
    },
    exitCode(timeoutMs = 20_000) {
      return waitUntil(
        async () => {
          return existsSync(status) && readFileSync(status, 'utf8').trim() !== '' ? Number(readFileSync(status, 'utf8')) : undefined;
        },
        'the CLI to exit',
        timeoutMs,
      );
    },
    async close() {
      await tmux('kill-server').catch(() => {});
    },
  };
}
