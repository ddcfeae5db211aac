import { describe, expect, it } from 'vitest'
import type { MessageFrame } from '../../../../../protocol/frames'
import { fileStandIn } from '../../../../../protocol/files'
import {
  attachmentOf,
  fileMessageText,
  openPlainFile,
  openPlainFrame,
  openSealedFile,
} from '../open-file-message'
import { FILE_KEY_TEXT, PREVIEW, sealedJson } from './fixtures'

describe('openSealedFile', () => {
  it('gives the caption and the file, with its key', () => {
    expect(openSealedFile(sealedJson(), { blob: 'b1' })).toEqual({
      caption: 'the caption',
      file: {
        blob: 'b1',
        key: FILE_KEY_TEXT,
        name: 'photo.jpg',
        type: 'image/jpeg',
        size: 300_000,
        width: 1600,
        height: 1200,
        preview: PREVIEW,
      },
    })
  })

  it('refuses a description made for another blob', () => {
    expect(openSealedFile(sealedJson(), { blob: 'b2' })).toBeNull()
  })

  it('refuses what is not a version-1 sealed file message', () => {
    const good = JSON.parse(sealedJson()) as Record<string, unknown>
    for (const text of [
      'just text',
      '[1,2]',
      JSON.stringify({ ...good, v: 2 }),
      JSON.stringify({ ...good, text: 5 }),
      JSON.stringify({ ...good, file: null }),
    ]) {
      expect(openSealedFile(text, { blob: 'b1' }), text).toBeNull()
    }
  })

  it('refuses a preview that is not a small raster data URL, and any insane field', () => {
    for (const change of [
      { preview: 'data:image/svg+xml;base64,PHN2Zz4=' },
      { preview: 'https://evil.test/x.png' },
      { preview: `data:image/png;base64,${'A'.repeat(3000)}` },
      { key: 'short' },
      { key: undefined },
      { name: '' },
      { name: 'x'.repeat(256) },
      { name: 7 },
      { type: undefined },
      { size: -1 },
      { size: 1.5 },
      { size: '300' },
      { width: 0 },
      { height: 40_000 },
    ]) {
      expect(openSealedFile(sealedJson(change), { blob: 'b1' }), JSON.stringify(change)).toBeNull()
    }
  })

  it('takes an empty caption, and a file without picture sizes or preview', () => {
    const opened = openSealedFile(
      sealedJson(
        {
          name: 'notes.txt',
          type: 'text/plain',
          width: undefined,
          height: undefined,
          preview: undefined,
        },
        '',
      ),
      { blob: 'b1' },
    )
    expect(opened?.caption).toBe('')
    expect(opened?.file).toEqual({
      blob: 'b1',
      key: FILE_KEY_TEXT,
      name: 'notes.txt',
      type: 'text/plain',
      size: 300_000,
    })
  })

  it('drops the control and direction characters that could disguise a name', () => {
    const opened = openSealedFile(sealedJson({ name: 'invoice\u202Egpj.exe\n' }), { blob: 'b1' })
    expect(opened?.file.name).toBe('invoicegpj.exe')
  })
})

describe('plain rooms', () => {
  const file = { blob: 'b1', name: 'report.pdf', type: 'application/pdf', size: 300_000 }

  it('recover the caption from the content the server made', () => {
    expect(openPlainFile(`${fileStandIn(file)}\nQ3 figures\nsee p. 4`, file)).toEqual({
      caption: 'Q3 figures\nsee p. 4',
      file,
    })
    expect(openPlainFile(fileStandIn(file), file)?.caption).toBe('')
  })

  it('open history and live frames; a message whose file is not sane keeps its text', () => {
    const base = { type: 'message', sender: 'Ana', avatar: 'fox', timestamp: '' } as const
    const good: MessageFrame = { ...base, id: 1, content: fileStandIn(file), file }
    const bad: MessageFrame = {
      ...base,
      id: 2,
      content: '📎 x (1 B)',
      file: { blob: 'b2', name: 'x', size: 1, preview: 'data:image/svg+xml;base64,AAAA' },
    }
    const history = openPlainFrame({ type: 'history', messages: [good, bad] })
    if (history.type !== 'history') throw new Error('a history frame')
    const [first, second] = history.messages as MessageFrame[]
    expect(first).toMatchObject({ content: '', file })
    expect(attachmentOf(first!)).toEqual(file)
    expect(second).toEqual({ ...base, id: 2, content: '📎 x (1 B)' })
    expect(openPlainFrame(good)).toMatchObject({ content: '', file })
  })

  it('open an edit of a file message to its new caption, without the stand-in line', () => {
    const shown: MessageFrame = {
      type: 'message',
      id: 1,
      sender: 'Ana',
      avatar: 'fox',
      timestamp: '',
      content: 'old',
      file,
    }
    const edit = {
      type: 'edited',
      message_id: 1,
      content: `${fileStandIn(file)}\nnew caption`,
      edited_at: '',
    } as const
    const find = (id: number) => (id === 1 ? shown : undefined)
    expect(openPlainFrame(edit, find)).toEqual({ ...edit, content: 'new caption' })
    // A text message's edit is its text, as sent.
    const text = { ...edit, message_id: 2, content: `${fileStandIn(file)}\nas typed` }
    expect(openPlainFrame(text, find)).toEqual(text)
  })
})

describe('fileMessageText', () => {
  it('says "Photo" for a picture and the name for other files, then the caption', () => {
    expect(fileMessageText('', { name: 'IMG_1.jpg', type: 'image/jpeg' })).toBe('📷 Photo')
    expect(fileMessageText('look', { name: 'a.svg', type: 'image/svg+xml' })).toBe(
      '📎 a.svg · look',
    )
  })
})
