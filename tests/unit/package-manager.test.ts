import { describe, expect, it } from 'vitest';
import { PACKAGE_MANAGERS, packageManagerCommands, packageManagerFromUserAgent } from '../../src/package-manager.js';

describe('packageManagerFromUserAgent', () => {
  it.each([
    ['npm/10.8.2 node/v20.19.0 linux x64 workspaces/false', 'npm'],
    ['pnpm/9.1.0 npm/? node/v20.11.0 linux x64', 'pnpm'],
    ['yarn/1.22.22 npm/? node/v22.0.0 darwin arm64', 'yarn'],
    ['bun/1.1.0 npm/? node/v22.0.0 linux x64', 'bun'],
    ['deno/2.0.0 npm/? deno/2.0.0 linux x64', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%j → %s', (agent, expected) => {
    expect(packageManagerFromUserAgent(agent)).toBe(expected);
  });
});

describe('packageManagerCommands', () => {
  it('gives every command for every package manager, named after it', () => {
    for (const pm of PACKAGE_MANAGERS) {
      const commands = packageManagerCommands(pm);
      expect(commands.name).toBe(pm);
      for (const command of [commands.install, commands.ci, commands.run]) expect(command.startsWith(pm)).toBe(true);
      expect(commands.lockfile).toMatch(/lock/);
    }
  });
});
