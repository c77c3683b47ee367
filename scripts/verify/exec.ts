/** Child processes for the pipeline: every command's output goes to the cell's log. */
import { type ResultPromise, execa } from 'execa';
import type { Log } from './report.js';

export interface RunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/** A command that exited non-zero or timed out; `output` is what it printed (also in the log). */
export class CommandFailed extends Error {
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message);
  }
}

/** Runs a command to completion; a non-zero exit throws `CommandFailed` with the command line as the message. */
export async function run(log: Log, command: string, args: string[], options: RunOptions): Promise<string> {
  const line = [command, ...args].join(' ');
  log.write(`\n$ ${line}   (in ${options.cwd})\n`);
  const child = execa(command, args, {
    cwd: options.cwd,
    env: { ...options.env, CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' },
    extendEnv: true,
    all: true,
    reject: false,
    stdin: 'ignore',
    timeout: options.timeoutMs ?? 10 * 60_000,
  });
  child.all?.on('data', (chunk: Buffer) => log.write(chunk.toString()));
  const result = await child;
  if (result.exitCode !== 0) {
    const how = result.timedOut ? 'timed out' : `exited with ${result.exitCode ?? result.signal}`;
    throw new CommandFailed(`\`${line}\` ${how}`, String(result.all ?? ''));
  }
  return result.stdout as string;
}

/** Starts a long-running process (a server); the caller stops it. */
export function start(log: Log, command: string, args: string[], options: RunOptions): ResultPromise {
  log.write(`\n$ ${[command, ...args].join(' ')} &   (in ${options.cwd})\n`);
  const child = execa(command, args, {
    cwd: options.cwd,
    env: { ...options.env, NO_COLOR: '1' },
    extendEnv: true,
    all: true,
    reject: false,
    stdin: 'ignore',
    // The caller decides how long a stopping process may take (see server.ts).
    forceKillAfterDelay: false,
  });
  child.all?.on('data', (chunk: Buffer) => log.write(chunk.toString()));
  return child;
}
