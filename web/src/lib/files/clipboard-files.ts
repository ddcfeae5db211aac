/**
 * The files a paste brings, if it is a paste of files: a screenshot, an image copied from a
 * page, a file copied in the system's file manager. A paste with plain text (from a word
 * processor, which adds a picture of the text too) is text and stays text.
 */
export function pastedFiles(data: DataTransfer | null): File[] {
  if (!data || data.types.includes('text/plain')) return []
  const files = [...data.files]
  if (files.length) return files
  // Some browsers give pasted images only as items.
  return [...data.items]
    .filter((item) => item.kind === 'file')
    .map((item) => item.getAsFile())
    .filter((f): f is File => f !== null)
}

/** Whether a drag carries files (not text or a link dragged within the page). */
export function dragsFiles(event: DragEvent): boolean {
  return !!event.dataTransfer && [...event.dataTransfer.types].includes('Files')
}
