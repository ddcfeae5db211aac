import { computed, ref } from 'vue'
import { isPictureType, mediaType } from '../lib/files/file-kind'
import { tooLargeText } from '../lib/files/file-limits'
import type { ChosenFile } from '../lib/files/prepare-file'
import { probeFile, treatmentNote, type ProbedFile } from '../lib/files/probe-file'

/** Files one message can bring at once. */
export const MAX_TRAY_FILES = 10

export interface TrayItem {
  id: number
  file: File
  /** Null while the file is being looked at (a picture decoded for its thumbnail). */
  probed: ProbedFile | null
  /** What happens to it that is worth saying (a HEIC sent as it is, an animation kept). */
  note: string | null
}

/**
 * The files chosen for the next message, before it is sent: added from the picker, a drop
 * or a paste, looked at (`probe-file.ts`), removed one by one. A file that cannot be sent
 * (too large, empty) does not go in; the reason is in `error`.
 */
export function useAttachmentTray(maxFileBytes: () => number | undefined) {
  const items = ref<TrayItem[]>([])
  /** Photos at their original resolution (still stripped) rather than scaled. */
  const original = ref(false)
  const error = ref<string | null>(null)
  let nextId = 1

  /** A file that must fit as it is: anything but a picture redrawn at a smaller size. */
  function tooLarge(file: File, redrawn: boolean): boolean {
    const max = maxFileBytes()
    return max !== undefined && file.size > max && !redrawn
  }

  function refuse(message: string) {
    error.value = message
  }

  function add(files: Iterable<File>) {
    error.value = null
    for (const file of files) {
      const max = maxFileBytes() ?? 0
      if (items.value.length >= MAX_TRAY_FILES) {
        refuse(`At most ${MAX_TRAY_FILES} files can be sent at once.`)
        break
      }
      if (file.size === 0) {
        refuse(`“${file.name}” is empty.`)
        continue
      }
      // A picture may shrink once redrawn; that is known after a look at it.
      if (tooLarge(file, isPictureType(mediaType(file)))) {
        refuse(tooLargeText(file.name, file.size, max))
        continue
      }
      items.value.push({ id: nextId++, file, probed: null, note: null })
      void look(items.value.at(-1)!)
    }
  }

  async function look(item: TrayItem) {
    const probed = await probeFile(item.file)
    if (!items.value.includes(item)) return
    if (tooLarge(item.file, probed.treatment === 'picture')) {
      remove(item.id)
      refuse(tooLargeText(item.file.name, item.file.size, maxFileBytes() ?? 0))
      return
    }
    item.probed = probed
    item.note = treatmentNote(probed)
  }

  function remove(id: number) {
    items.value = items.value.filter((i) => i.id !== id)
    if (!items.value.length) error.value = null
  }

  function clear() {
    items.value = []
    original.value = false
    error.value = null
  }

  /** Every file looked at: the message can go. */
  const settled = computed(() => items.value.every((i) => i.probed !== null))
  const hasPictures = computed(() => items.value.some((i) => i.probed?.treatment === 'picture'))
  const hasOtherFiles = computed(() => items.value.some((i) => i.probed?.treatment === 'file'))

  /** What the send button hands over. */
  function chosen(): ChosenFile[] {
    return items.value.flatMap((i) =>
      i.probed ? [{ file: i.file, probed: i.probed, original: original.value }] : [],
    )
  }

  return { items, original, error, settled, hasPictures, hasOtherFiles, add, remove, clear, chosen }
}

export type AttachmentTray = ReturnType<typeof useAttachmentTray>
