import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    // Each test file gets its own database; loading one takes a moment on PGlite.
    hookTimeout: 60_000,
    testTimeout: 20_000,
  },
});
