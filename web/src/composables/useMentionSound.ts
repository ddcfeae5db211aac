import { useLocalStorage } from '@vueuse/core'

let audio: AudioContext | null = null

/** A soft two-note chime, made on the fly so no audio file has to be shipped or fetched. */
function chime() {
  const Ctx =
    window.AudioContext ??
    (window as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext
  if (!Ctx) return
  audio ??= new Ctx()
  const ctx = audio
  if (ctx.state === 'suspended') void ctx.resume()
  const start = ctx.currentTime
  for (const [i, freq] of [880, 1318.5].entries()) {
    const osc = ctx.createOscillator()
    const gain = ctx.createGain()
    const t = start + i * 0.09
    osc.type = 'sine'
    osc.frequency.value = freq
    gain.gain.setValueAtTime(0.0001, t)
    gain.gain.exponentialRampToValueAtTime(0.12, t + 0.015)
    gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.22)
    osc.connect(gain).connect(ctx.destination)
    osc.start(t)
    osc.stop(t + 0.25)
  }
}

/** The mention sound and its mute switch, remembered on this device. */
export function useMentionSound() {
  const muted = useLocalStorage('chatty-muted', false)

  function play() {
    if (muted.value) return
    try {
      chime()
    } catch {
      // Audio is a nicety; a browser that refuses it must not break the chat.
    }
  }

  return { muted, play }
}
