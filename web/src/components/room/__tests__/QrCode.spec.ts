import { describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import jsQR from 'jsqr'
import QrCode from '../QrCode.vue'

/** Paints the component's path (unit squares) into pixels, as a camera would see it. */
function decode(svg: SVGElement): string | undefined {
  const size = Number(svg.getAttribute('viewBox')!.split(' ')[2])
  const d = svg.querySelector('path')!.getAttribute('d')!
  const scale = 6
  const side = size * scale
  const pixels = new Uint8ClampedArray(side * side * 4).fill(255)
  for (const [, x, y] of d.matchAll(/M(\d+) (\d+)h1v1h-1z/g)) {
    for (let dy = 0; dy < scale; dy++)
      for (let dx = 0; dx < scale; dx++) {
        const at = ((Number(y) * scale + dy) * side + Number(x) * scale + dx) * 4
        pixels.fill(0, at, at + 3)
      }
  }
  return jsQR(pixels, side, side)?.data
}

describe('QrCode', () => {
  it('draws the whole link, key fragment included, as a code that decodes back to it', () => {
    const url = 'http://chat.example/room/AbC123xyz#k3y-FraGment_0123456789abcdefghijklmnopq'
    const wrapper = mount(QrCode, { props: { text: url, label: 'QR code of the invite link' } })
    const svg = wrapper.get('svg').element as SVGElement
    expect(svg.getAttribute('aria-label')).toBe('QR code of the invite link')
    expect(decode(svg)).toBe(url)
  })
})
