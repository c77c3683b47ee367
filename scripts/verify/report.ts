/**
 * Collects the outcome of every tier × target cell, keeps each cell's output in its own log
 * file, and prints the summary table the CI log ends with.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import kleur from 'kleur';

export type Status = 'pass' | 'fail' | 'skip';

export interface Cell {
  tier: string;
  target: string;
  status: Status;
  seconds: number;
  note: string;
  log: string;
}

/** Thrown to end a cell as skipped, with the reason shown in the table. Never used silently. */
export class Skip extends Error {}

export class Report {
  readonly cells: Cell[] = [];
  constructor(readonly logDir: string) {
    mkdirSync(logDir, { recursive: true });
  }

  /** Runs one cell; a thrown error fails the cell (and is shown), never the whole run. */
  async cell(tier: string, target: string, work: (log: Log) => Promise<void>): Promise<boolean> {
    const file = join(this.logDir, `${tier}-${target}.log`.replace(/[^\w.-]+/g, '_'));
    const log = new Log(file);
    const started = Date.now();
    console.log(kleur.bold(`\n▶ tier ${tier} · ${target}`));
    let status: Status = 'pass';
    let note = '';
    try {
      await work(log);
    } catch (error) {
      status = error instanceof Skip ? 'skip' : 'fail';
      note = error instanceof Error ? error.message : String(error);
      log.write(`\n${status.toUpperCase()}: ${note}\n`);
    }
    const seconds = (Date.now() - started) / 1000;
    this.cells.push({ tier, target, status, seconds, note, log: file });
    const color = status === 'pass' ? kleur.green : status === 'skip' ? kleur.yellow : kleur.red;
    console.log(color(`${status} ${tier} · ${target} (${seconds.toFixed(1)} s)${note ? ` — ${note}` : ''}`));
    if (status === 'fail') console.log(kleur.dim(`  log: ${file}\n${log.tail(40)}`));
    return status === 'pass';
  }

  printSummary() {
    const width = Math.max(...this.cells.map((c) => `${c.tier} · ${c.target}`.length), 10);
    console.log(kleur.bold('\nSummary (tier · target → result, duration)'));
    for (const c of this.cells) {
      const color = c.status === 'pass' ? kleur.green : c.status === 'skip' ? kleur.yellow : kleur.red;
      const label = `${c.tier} · ${c.target}`.padEnd(width);
      console.log(`  ${label}  ${color(c.status.padEnd(4))}  ${c.seconds.toFixed(1).padStart(6)} s${c.note ? `  ${c.note}` : ''}`);
    }
    const count = (status: Status) => this.cells.filter((c) => c.status === status).length;
    // The plain closing line CI reads: "N passed, N failed[, N skipped]".
    console.log(`\n${count('pass')} passed, ${count('fail')} failed, ${count('skip')} skipped`);
    return count('fail') === 0;
  }
}

export class Log {
  private text = '';
  constructor(readonly file: string) {}
  write(chunk: string) {
    this.text += chunk;
    appendFileSync(this.file, chunk);
  }
  tail(lines: number) {
    return this.text
      .split('\n')
      .slice(-lines)
      .map((line) => `    ${line}`)
      .join('\n');
  }
}
