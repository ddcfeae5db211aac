/**
 * A chosen file made ready to leave the browser: its bytes and its description
 * (`protocol/files.ts`). Pictures are redrawn, animated ones lose their metadata segments,
 * other files go as they are (see `probe-file.ts`).
 */
import type { FileDescription } from '../../../../protocol/files'
import { stripAnimatedImage } from './animated-image'
import { clampFileName, renamedFor } from './file-kind'
import { tinyPreview } from './image-preview'
import type { ProbedFile } from './probe-file'
import { decodePicture, reencodePicture } from './reencode-image'

/** A file chosen in the tray, as it is handed over for sending. */
export interface ChosenFile {
  file: File
  probed: ProbedFile
  /** A photo at its original resolution rather than scaled (still stripped). */
  original: boolean
}

export interface PreparedFile {
  bytes: Uint8Array
  description: FileDescription
}

/** A file that cannot be sent as chosen; `message` says why, for the person. */
export class PrepareError extends Error {}

const bytesOf = async (blob: Blob) => new Uint8Array(await blob.arrayBuffer())

async function previewOf(blob: Blob): Promise<string | undefined> {
  let bitmap: ImageBitmap | undefined
  try {
    bitmap = await decodePicture(blob)
    return await tinyPreview(bitmap)
  } catch {
    return undefined
  } finally {
    bitmap?.close()
  }
}

export async function prepareFile({ file, probed, original }: ChosenFile): Promise<PreparedFile> {
  const { treatment, type } = probed
  if (treatment === 'picture') {
    let bitmap: ImageBitmap
    try {
      bitmap = await decodePicture(file)
    } catch {
      throw new PrepareError(`“${file.name}” could not be read any more. Choose it again.`)
    }
    try {
      const out = await reencodePicture(bitmap, type, original)
      const preview = await tinyPreview(bitmap).catch(() => undefined)
      const description: FileDescription = {
        name: clampFileName(renamedFor(file.name, out.blob.type)),
        type: out.blob.type,
        size: out.blob.size,
        width: out.width,
        height: out.height,
        ...(preview && { preview }),
      }
      return { bytes: await bytesOf(out.blob), description }
    } finally {
      bitmap.close()
    }
  }
  const bytes = await bytesOf(file)
  if (treatment === 'animated') {
    const stripped = stripAnimatedImage(bytes, type)
    if (!stripped) {
      throw new PrepareError(
        `“${file.name}” is an animated image whose metadata could not be removed, so it was not sent.`,
      )
    }
    const preview = await previewOf(new Blob([stripped as Uint8Array<ArrayBuffer>], { type }))
    const description: FileDescription = {
      name: clampFileName(file.name),
      type,
      size: stripped.length,
      ...(probed.width && probed.height && { width: probed.width, height: probed.height }),
      ...(preview && { preview }),
    }
    return { bytes: stripped, description }
  }
  // A picture the browser cannot read is not shown inline for the others either.
  const sentType = treatment === 'unreadable' && !/^image\/hei[cf]$/.test(type) ? '' : type
  const description = { name: clampFileName(file.name), type: sentType, size: bytes.length }
  return { bytes, description }
}
