import { ref, watch, type Ref } from 'vue'
import { vanishWords } from '../lib/vanish-words'

/**
 * The composer's message timer: it starts at the room's default and follows the host's
 * changes, each of which is told in words (for the live region) once the room is open.
 */
export function useVanishChoice(
  roomDefault: Ref<number>,
  announce: (words: string) => void,
  open: () => boolean,
) {
  const seconds = ref(roomDefault.value)
  watch(roomDefault, (next) => {
    seconds.value = next
    if (open()) {
      announce(
        next ? `Messages now vanish after ${vanishWords(next)}` : 'Messages no longer vanish',
      )
    }
  })
  return seconds
}
