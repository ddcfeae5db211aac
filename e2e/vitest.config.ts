import { defineConfig } from 'vitest/config'

// Browser tests: a real built server and a real Chromium, one spec file at a time.
export default defineConfig({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.spec.ts'],
    environment: 'node',
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
