import { MemoryStore } from './memory-store.js'
import { CONTRACT_HISTORY_LIMIT, registerStoreContractTests } from './store.contract.js'

registerStoreContractTests('MemoryStore', async () => {
  const store = new MemoryStore({ historyLimit: CONTRACT_HISTORY_LIMIT })
  return { store, cleanup: () => store.close() }
})
