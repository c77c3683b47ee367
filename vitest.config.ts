import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Needs a local Verdaccio and the network: `npm run test:registry`.
    exclude: ['tests/registry/**', 'tests/template-deps/**', '**/node_modules/**'],
    testTimeout: 30_000,
  },
});
