import { describe, expect, it } from 'vitest'
import { FILE_NAME_MAX_CHARS } from '../../../../../protocol/files'
import { clampFileName, mediaType, renamedFor } from '../file-kind'
import { limitInMb, tooLargeText } from '../file-limits'
import { fitWithin, MAX_CANVAS_PIXELS } from '../image-canvas'
import { SCALED_SIDE } from '../reencode-image'

describe('file kinds and names', () => {
  it('takes the browser’s type, else a picture’s extension', () => {
    expect(mediaType({ name: 'a.pdf', type: 'application/pdf' })).toBe('application/pdf')
    expect(mediaType({ name: 'IMG_0001.HEIC', type: '' })).toBe('image/heic')
    expect(mediaType({ name: 'notes', type: '' })).toBe('')
  })

  it('renames a converted picture after its new type', () => {
    expect(renamedFor('IMG_0001.HEIC', 'image/jpeg')).toBe('IMG_0001.jpg')
    expect(renamedFor('screen.png', 'image/png')).toBe('screen.png')
    expect(renamedFor('photo.webp', 'image/png')).toBe('photo.png')
    expect(renamedFor('.jpeg', 'image/jpeg')).toBe('image.jpg')
  })

  it('cuts a name to what the protocol takes, keeping its extension', () => {
    const long = `${'a'.repeat(400)}.pdf`
    const cut = clampFileName(long)
    expect(cut).toHaveLength(FILE_NAME_MAX_CHARS)
    expect(cut.endsWith('.pdf')).toBe(true)
    expect(clampFileName('  ')).toBe('file')
  })
})

describe('sizes', () => {
  it('scales a photo to 2560 px on its long side, or keeps it within the canvas cap', () => {
    expect(fitWithin(4032, 3024, SCALED_SIDE)).toEqual({ width: 2560, height: 1920 })
    expect(fitWithin(1000, 800, SCALED_SIDE)).toEqual({ width: 1000, height: 800 })
    expect(fitWithin(4032, 3024, null)).toEqual({ width: 4032, height: 3024 })
    const huge = fitWithin(12_000, 9000, null)
    expect(huge.width * huge.height).toBeLessThanOrEqual(MAX_CANVAS_PIXELS)
    expect(huge.width / huge.height).toBeCloseTo(4 / 3, 2)
  })

  it('says the limit in MB', () => {
    expect(limitInMb(25 * 1024 * 1024)).toBe('25 MB')
    expect(tooLargeText('film.mov', 140_000_000, 25 * 1024 * 1024)).toBe(
      '“film.mov” is too large to send (140 MB). The limit is 25 MB per file.',
    )
  })
})
