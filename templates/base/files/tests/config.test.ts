import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

describe('configuration', () => {
  it('uses documented defaults', () => {
    const config = loadConfig({});
    expect(config.server.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite', dataDir: '.data/pglite' });
  });

  it('switches to PostgreSQL when DATABASE_URL is set', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://localhost/app' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://localhost/app',
    });
  });

  it('lists every invalid variable at once', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join('\n')).toMatch(/PORT[\s\S]*LOG_LEVEL|LOG_LEVEL[\s\S]*PORT/);
    }
  });

  it('refuses to start in production without a database server', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL/);
  });
});
