import { ref, type Ref } from 'vue'
import { useEventListener } from '@vueuse/core'
import { dragsFiles } from '../lib/files/clipboard-files'

/**
 * Files dragged over `target`: `over` while they are (for the overlay), `onFiles` on drop.
 * Drags of text or links within the page are left alone. Entering and leaving children
 * fire their own events, so a count says when the drag has really left.
 */
export function useFileDrop(target: Ref<HTMLElement | null>, onFiles: (files: File[]) => void) {
  const over = ref(false)
  let depth = 0

  useEventListener(target, 'dragenter', (event: DragEvent) => {
    if (!dragsFiles(event)) return
    event.preventDefault()
    depth += 1
    over.value = true
  })
  useEventListener(target, 'dragover', (event: DragEvent) => {
    if (!dragsFiles(event)) return
    event.preventDefault()
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy'
  })
  useEventListener(target, 'dragleave', (event: DragEvent) => {
    if (!dragsFiles(event)) return
    depth = Math.max(0, depth - 1)
    if (depth === 0) over.value = false
  })
  useEventListener(target, 'drop', (event: DragEvent) => {
    if (!dragsFiles(event)) return
    event.preventDefault()
    depth = 0
    over.value = false
    const files = [...(event.dataTransfer?.files ?? [])]
    if (files.length) onFiles(files)
  })

  return { over }
}
