import { MemoryStore } from '../../src/store/memory-store.js'
import { CONTRACT_HISTORY_LIMIT } from './contract-helpers.js'
import { registerStoreContractTests } from './contract.js'

registerStoreContractTests('MemoryStore', async () => {
  const store = new MemoryStore({ historyLimit: CONTRACT_HISTORY_LIMIT })
  return { store, cleanup: () => store.close() }
})
