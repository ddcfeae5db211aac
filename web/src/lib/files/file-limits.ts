/** What the composer says about a file's size before anything is sent. */
import { formatFileSize } from '../../../../protocol/files'

/** A limit in bytes said the way people think of it: 25 MiB is "25 MB". */
export function limitInMb(maxBytes: number): string {
  const mb = maxBytes / (1024 * 1024)
  return `${Number.isInteger(mb) ? mb : mb.toFixed(1)} MB`
}

export function tooLargeText(name: string, size: number, maxBytes: number): string {
  return `“${name}” is too large to send (${formatFileSize(size)}). The limit is ${limitInMb(maxBytes)} per file.`
}
