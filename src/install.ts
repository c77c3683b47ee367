/** `<pm> install` in the new project, with a progress line and the elapsed time. */
import { execa } from 'execa';
import { cancelled, workError } from './errors.js';
import type { PackageManagerCommands } from './package-manager.js';
import { success } from './output.js';

export async function installDependencies(
  cwd: string,
  pm: PackageManagerCommands,
  options: { signal: AbortSignal; finishHint: string },
): Promise<void> {
  const progress = startProgress(`Installing dependencies with ${pm.name}`);
  const [command = pm.name, ...args] = pm.install.split(' ');
  try {
    await execa(command, args, { cwd, cancelSignal: options.signal, all: true, stdin: 'ignore' });
  } catch (error) {
    progress.stop();
    const failure = error as { isCanceled?: boolean; code?: string; all?: string; shortMessage?: string };
    if (failure.isCanceled) throw cancelled(`Install was interrupted; the project files are in place. ${options.finishHint}`);
    const output = tail(failure.all ?? '', 15);
    if (output) process.stderr.write(`${output}\n`);
    const reason = failure.code === 'ENOENT' ? `${command} was not found on PATH` : (failure.shortMessage ?? String(error));
    throw workError(`Installing dependencies failed: ${reason}. The project files are in place.`, options.finishHint);
  }
  success(`Installed dependencies with ${pm.name} in ${progress.stop()}`);
}

/** A spinner with elapsed seconds on a terminal; a single line elsewhere (CI logs, pipes). */
function startProgress(label: string): { stop: () => string } {
  const started = performance.now();
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;
  const frames = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
  let timer: NodeJS.Timeout | undefined;
  if (process.stdout.isTTY) {
    let frame = 0;
    const draw = () => process.stdout.write(`\r${frames[frame++ % frames.length]} ${label}… ${elapsed()}\x1b[K`);
    draw();
    timer = setInterval(draw, 100);
  } else {
    process.stdout.write(`${label}…\n`);
  }
  return {
    stop() {
      if (timer) {
        clearInterval(timer);
        process.stdout.write('\r\x1b[K');
      }
      return elapsed();
    },
  };
}

function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
