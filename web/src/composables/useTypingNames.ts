import { getCurrentScope, onScopeDispose, ref } from 'vue'

/** How long a "typing" notice lasts without a fresh one (the server relays one every ~2 s). */
export const TYPING_VISIBLE_MS = 4000

/** Who is typing right now, each name fading out unless renewed. */
export function useTypingNames() {
  const names = ref<string[]>([])
  const timers = new Map<string, ReturnType<typeof setTimeout>>()

  function stopped(name: string) {
    clearTimeout(timers.get(name))
    timers.delete(name)
    names.value = names.value.filter((n) => n !== name)
  }

  function typing(name: string) {
    clearTimeout(timers.get(name))
    timers.set(
      name,
      setTimeout(() => stopped(name), TYPING_VISIBLE_MS),
    )
    if (!names.value.includes(name)) names.value = [...names.value, name]
  }

  function clear() {
    for (const t of timers.values()) clearTimeout(t)
    timers.clear()
    names.value = []
  }

  if (getCurrentScope()) onScopeDispose(clear)

  return { names, typing, stopped, clear }
}

/** "Alice is typing…", "Alice and Bob are typing…", "Several people are typing…". */
export function typingLabel(names: readonly string[]): string {
  if (names.length === 0) return ''
  if (names.length === 1) return `${names[0]} is typing…`
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`
  if (names.length === 3) return `${names[0]}, ${names[1]} and ${names[2]} are typing…`
  return 'Several people are typing…'
}
