import { describe, expect, it } from 'vitest'
import { AVATAR_IDS } from '../../../../protocol/avatars'
import { AVATARS, avatarLabel } from '../avatars'

const SVG_NS = 'http://www.w3.org/2000/svg'

// DOMParser is happy-dom's, installed as a global by the web test project's environment.
function parse(svg: string) {
  return new DOMParser().parseFromString(svg, 'image/svg+xml')
}

function backgroundOf(svg: string): string {
  return parse(svg).querySelector('rect.bg')?.getAttribute('fill') ?? ''
}

function rgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16)
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255]
}

describe('AVATARS', () => {
  it('has a drawing and a label for exactly the 16 protocol ids', () => {
    expect(Object.keys(AVATARS).sort()).toEqual([...AVATAR_IDS].sort())
    expect(AVATAR_IDS).toHaveLength(16)
    const labels = AVATAR_IDS.map((id) => AVATARS[id].label)
    expect(new Set(labels).size).toBe(16)
    for (const label of labels) expect(label).toMatch(/^[A-Z][a-z]+$/)
  })

  describe.each(AVATAR_IDS)('%s', (id) => {
    const { svg } = AVATARS[id]

    it('is a well-formed standalone SVG document with a 64×64 viewBox', () => {
      const doc = parse(svg)
      expect(doc.getElementsByTagName('parsererror')).toHaveLength(0)
      const root = doc.documentElement
      expect(root.localName).toBe('svg')
      expect(root.namespaceURI).toBe(SVG_NS)
      expect(root.getAttribute('xmlns')).toBe(SVG_NS)
      expect(root.getAttribute('viewBox')).toBe('0 0 64 64')
      expect(svg.startsWith('<svg ') && svg.endsWith('</svg>')).toBe(true)
    })

    // happy-dom accepts repeated attributes, which a browser's XML parser rejects outright.
    it('repeats no attribute within a tag', () => {
      for (const tag of svg.match(/<[a-zA-Z][^>]*>/g) ?? []) {
        const names = [...tag.matchAll(/\s([a-zA-Z:-]+)=/g)].map((m) => m[1])
        expect(new Set(names).size, tag).toBe(names.length)
      }
    })

    it('carries no script, event handler, external reference or text', () => {
      const doc = parse(svg)
      for (const tag of ['script', 'foreignObject', 'image', 'use', 'style', 'text', 'a']) {
        expect(doc.getElementsByTagName(tag), tag).toHaveLength(0)
      }
      for (const el of Array.from(doc.getElementsByTagName('*'))) {
        for (const attr of Array.from(el.attributes)) {
          expect(attr.name, `${el.localName} ${attr.name}`).not.toMatch(/^on|href$/i)
        }
      }
      expect(svg).not.toMatch(/href="http|\son\w+=|url\((?!#)|@import|<!DOCTYPE|<!ENTITY/i)
    })

    it('draws on a round coloured background', () => {
      const doc = parse(svg)
      const clip = doc.querySelector('clipPath circle')
      expect([clip?.getAttribute('cx'), clip?.getAttribute('cy'), clip?.getAttribute('r')]).toEqual(
        ['32', '32', '32'],
      )
      expect(backgroundOf(svg)).toMatch(/^#[0-9a-f]{6}$/)
    })
  })

  it('uses clip-path ids no other avatar uses, so inlined drawings cannot collide', () => {
    const ids = AVATAR_IDS.flatMap((id) =>
      [...AVATARS[id].svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]),
    )
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('gives every avatar a background colour clearly apart from the others', () => {
    const colours = AVATAR_IDS.map((id) => backgroundOf(AVATARS[id].svg))
    expect(new Set(colours).size).toBe(16)
    // Distinct hex codes are not enough at 32 px: each pair must differ visibly in RGB space.
    for (const [i, a] of colours.entries()) {
      for (const b of colours.slice(i + 1)) {
        const [p, q] = [rgb(a), rgb(b)]
        const distance = Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2])
        expect(distance, `${a} vs ${b}`).toBeGreaterThan(40)
      }
    }
  })
})

describe('avatarLabel', () => {
  it('names known avatars and returns an empty label for the initial fallback', () => {
    expect(avatarLabel('fox')).toBe('Fox')
    expect(avatarLabel('mushroom')).toBe('Mushroom')
    expect(avatarLabel('')).toBe('')
    expect(avatarLabel('dragon')).toBe('')
  })
})
