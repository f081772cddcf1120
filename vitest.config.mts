import { defineConfig } from 'vitest/config';

// One run covers both layers; `--project unit|integration` selects one.
export default defineConfig({
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: 'reports/vitest.json' },
    pool: 'forks',
    // The project runs on Node 20 by choice (the functions on nodejs22.x); the SDK's documented switch
    // keeps its "upgrade to Node 22" notice out of the test output. Other warnings still show.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
          setupFiles: ['test/unit/no-network.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
