/**
 * Watch mode's file watching. Node's `fs.watch` gets events from the operating system, but some
 * file systems send none: WSL's view of Windows folders (/mnt/c/…), network and container
 * mounts. There it polls: every 400 ms it compares the files' modification times. Polling is
 * chosen on WSL, when `fs.watch` fails, or with PRACTICE_WATCH_POLL=1 (PRACTICE_WATCH_POLL=0
 * forces events).
 */
import { existsSync, type FSWatcher, readdirSync, readFileSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';

export type OnChange = (dir: string, name: string) => void;

function onWsl(): boolean {
  try {
    return /microsoft/i.test(readFileSync('/proc/version', 'utf8'));
  } catch {
    return false;
  }
}

export function shouldPoll(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.PRACTICE_WATCH_POLL === '1') return true;
  if (env.PRACTICE_WATCH_POLL === '0') return false;
  return onWsl();
}

/** Modification times of every file under `dir`, by path relative to it. */
function snapshot(dir: string): Map<string, number> {
  const times = new Map<string, number>();
  if (!existsSync(dir)) return times;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    try {
      times.set(path.slice(dir.length + 1), statSync(path).mtimeMs);
    } catch {
      // removed between the listing and the stat: the next scan sees it gone
    }
  }
  return times;
}

export interface Watching {
  how: 'events' | 'polling';
  close(): void;
}

/** Calls `onChange` for each file saved, added or removed under `dirs`. */
export function watchDirs(dirs: string[], onChange: OnChange, poll = shouldPoll()): Watching {
  if (!poll) {
    const watchers: FSWatcher[] = [];
    try {
      for (const dir of dirs) {
        watchers.push(
          watch(dir, { recursive: true }, (_event, name) => {
            if (name) onChange(dir, name);
          }),
        );
      }
      return {
        how: 'events',
        close: () => {
          for (const watcher of watchers) watcher.close();
        },
      };
    } catch {
      // no recursive watching here: poll instead
      for (const watcher of watchers) watcher.close();
    }
  }
  const known = new Map(dirs.map((dir) => [dir, snapshot(dir)]));
  const timer = setInterval(() => {
    for (const dir of dirs) {
      const before = known.get(dir) ?? new Map<string, number>();
      const now = snapshot(dir);
      for (const [name, time] of now) if (before.get(name) !== time) onChange(dir, name);
      for (const name of before.keys()) if (!now.has(name)) onChange(dir, name);
      known.set(dir, now);
    }
  }, 400);
  return { how: 'polling', close: () => clearInterval(timer) };
}
