/**
 * The canvas steps pictures go through: an `OffscreenCanvas` where there is one, else a
 * `<canvas>`; encoding to a Blob, and a Blob to a `data:` URL.
 */
type AnyCanvas = OffscreenCanvas | HTMLCanvasElement
type Context = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D

/**
 * The most pixels a canvas is given: Safari on iOS refuses larger ones (4096 × 4096), and
 * a photo's "original resolution" above it is drawn at this many pixels.
 */
export const MAX_CANVAS_PIXELS = 16_777_216

/** The size to draw `width × height` at: at most `maxSide` on its long side, within the cap. */
export function fitWithin(
  width: number,
  height: number,
  maxSide: number | null,
): { width: number; height: number } {
  let scale = maxSide ? Math.min(1, maxSide / Math.max(width, height)) : 1
  scale = Math.min(scale, Math.sqrt(MAX_CANVAS_PIXELS / (width * height)))
  // Down, never up past the cap (the epsilon keeps 2560.0000001 from becoming 2559).
  const side = (n: number) => Math.max(1, Math.floor(n * scale + 1e-6))
  return { width: side(width), height: side(height) }
}

/** `source` drawn on a new canvas of `width × height`. */
export function drawn(
  source: CanvasImageSource,
  width: number,
  height: number,
): { canvas: AnyCanvas; context: Context } {
  let canvas: AnyCanvas
  if (typeof OffscreenCanvas !== 'undefined') canvas = new OffscreenCanvas(width, height)
  else {
    canvas = document.createElement('canvas')
    canvas.width = width
    canvas.height = height
  }
  const context = canvas.getContext('2d') as Context | null
  if (!context) throw new Error('no 2d canvas')
  context.imageSmoothingEnabled = true
  context.imageSmoothingQuality = 'high'
  context.drawImage(source, 0, 0, width, height)
  return { canvas, context }
}

/** The canvas encoded; a browser that cannot write `type` gives PNG (check `blob.type`). */
export function encodeCanvas(canvas: AnyCanvas, type: string, quality: number): Promise<Blob> {
  if ('convertToBlob' in canvas) return canvas.convertToBlob({ type, quality })
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the canvas gave no image'))),
      type,
      quality,
    ),
  )
}

/** Whether any pixel drawn on `context` is not fully opaque. */
export function hasTransparency(context: Context, width: number, height: number): boolean {
  const { data } = context.getImageData(0, 0, width, height)
  for (let i = 3; i < data.length; i += 4) if (data[i]! < 255) return true
  return false
}

export async function blobToDataUrl(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer())
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return `data:${blob.type};base64,${btoa(binary)}`
}
