import { describe, expect, it } from 'vitest'
import { isAnimatedImage, stripAnimatedImage } from '../animated-image'
import { gifFrameCount } from '../gif-blocks'
import {
  ascii,
  contains,
  gif,
  gifComment,
  gifFrame,
  gifLoop,
  gifXmp,
  png,
  pngChunk,
  vp8x,
  webp,
  webpChunk,
} from './image-bytes'

const GPS = 'GPSLatitude 48.8584'

describe('animated GIF', () => {
  const animated = gif(gifLoop(), gifComment(GPS), gifFrame(), gifXmp(GPS), gifFrame())

  it('counts frames, and tells a still GIF from an animated one', () => {
    expect(gifFrameCount(animated)).toBe(2)
    expect(isAnimatedImage(animated, 'image/gif')).toBe(true)
    expect(isAnimatedImage(gif(gifFrame()), 'image/gif')).toBe(false)
  })

  it('keeps its frames, timing and looping, and loses comments and XMP', () => {
    const stripped = stripAnimatedImage(animated, 'image/gif')!
    expect(contains(stripped, 'GPS')).toBe(false)
    expect(contains(stripped, 'XMP')).toBe(false)
    expect(stripped).toEqual(gif(gifLoop(), gifFrame(), gifFrame()))
    expect(gifFrameCount(stripped)).toBe(2)
  })

  it('refuses what is not a whole GIF', () => {
    expect(stripAnimatedImage(animated.subarray(0, 40), 'image/gif')).toBeNull()
    expect(stripAnimatedImage(new Uint8Array(ascii('GIF89a')), 'image/gif')).toBeNull()
  })
})

describe('animated PNG', () => {
  const actl = pngChunk('acTL', [0, 0, 0, 2, 0, 0, 0, 0])
  const fctl = pngChunk('fcTL', new Array(26).fill(0))
  const idat = pngChunk('IDAT', [1, 2, 3])
  const exif = pngChunk('eXIf', ascii(`MM\0*${GPS}`))
  const text = pngChunk('tEXt', ascii(`Comment\0${GPS}`))
  const itxt = pngChunk('iTXt', ascii(`XML:com.adobe.xmp\0\0\0\0\0${GPS}`))
  const time = pngChunk('tIME', [7, 232, 1, 1, 0, 0, 0])
  const apng = png(
    exif,
    actl,
    text,
    fctl,
    idat,
    itxt,
    fctl,
    pngChunk('fdAT', [0, 0, 0, 1, 9]),
    time,
  )

  it('is told by its acTL chunk before the image data', () => {
    expect(isAnimatedImage(apng, 'image/png')).toBe(true)
    expect(isAnimatedImage(png(idat), 'image/png')).toBe(false)
    expect(isAnimatedImage(png(idat, actl), 'image/png')).toBe(false)
  })

  it('keeps its frames and loses EXIF, text and time chunks', () => {
    const stripped = stripAnimatedImage(apng, 'image/png')!
    expect(contains(stripped, 'GPS')).toBe(false)
    expect(contains(stripped, 'tIME')).toBe(false)
    expect(stripped).toEqual(png(actl, fctl, idat, fctl, pngChunk('fdAT', [0, 0, 0, 1, 9])))
  })

  it('refuses a cut-off file, and one with a critical chunk it does not know', () => {
    expect(stripAnimatedImage(apng.subarray(0, apng.length - 5), 'image/png')).toBeNull()
    expect(stripAnimatedImage(png(actl, pngChunk('ZZZZ', [1]), idat), 'image/png')).toBeNull()
  })
})

describe('animated WebP', () => {
  const anim = webpChunk('ANIM', [0, 0, 0, 0, 0, 0])
  const frame = webpChunk('ANMF', new Array(17).fill(1))
  const animated = webp(
    vp8x(0x02 | 0x04 | 0x08 | 0x20 | 0x10),
    webpChunk('ICCP', ascii('profile')),
    anim,
    frame,
    frame,
    webpChunk('EXIF', ascii(`II*\0${GPS}`)),
    webpChunk('XMP ', ascii(`<x:xmpmeta>${GPS}</x:xmpmeta>`)),
  )

  it('is told by its animation flag or ANIM chunk', () => {
    expect(isAnimatedImage(animated, 'image/webp')).toBe(true)
    expect(isAnimatedImage(webp(vp8x(0), webpChunk('VP8L', [1, 2, 3])), 'image/webp')).toBe(false)
  })

  it('keeps its frames, loses EXIF, XMP and ICC, and says so in its flags and size', () => {
    const stripped = stripAnimatedImage(animated, 'image/webp')!
    expect(contains(stripped, 'GPS')).toBe(false)
    // Animation and alpha stay flagged; ICC, EXIF and XMP do not.
    expect(stripped).toEqual(webp(vp8x(0x02 | 0x10), anim, frame, frame))
    const riffSize = new DataView(stripped.buffer).getUint32(4, true)
    expect(riffSize).toBe(stripped.length - 8)
  })

  it('refuses what is not a whole WebP', () => {
    expect(stripAnimatedImage(animated.subarray(0, 30), 'image/webp')).toBeNull()
    expect(stripAnimatedImage(png(), 'image/webp')).toBeNull()
  })
})
