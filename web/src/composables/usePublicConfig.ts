import { ref } from 'vue'
import type { PublicConfig } from '../../../protocol/frames'
import { fetchConfig } from '../lib/api'

// One request per page load: the server's range does not change while the app runs.
let request: Promise<PublicConfig | null> | null = null

/**
 * The server's lifetimes (`GET /api/config`), for the words that speak of them. `load` asks
 * once per page load; `config` stays null until the answer (or when there is none).
 */
export function usePublicConfig() {
  const config = ref<PublicConfig | null>(null)
  async function load(): Promise<PublicConfig | null> {
    request ??= fetchConfig().then((c) => {
      if (!c) request = null // a failed request may be tried again later
      return c
    })
    config.value = await request
    return config.value
  }
  return { config, load }
}
