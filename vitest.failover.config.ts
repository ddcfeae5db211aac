import { defineConfig } from 'vitest/config'

// The cluster failover test kills a master. It fails intermittently (the servers do not always
// follow the promoted replica: under investigation), so it is not part of `npm test` yet;
// run it with `npm run test:failover`. Alone, so no other file can take the port it frees.
export default defineConfig({
  test: {
    name: 'failover',
    include: ['server/test/cluster-failover.test.ts'],
    environment: 'node',
    testTimeout: 90_000,
    hookTimeout: 90_000,
  },
})
