import { describe, expect, it } from 'vitest'
import { SYSTEM_SENDER } from '../../../../protocol/frames'
import type { MessageFrame, StoredFrame, SystemFrame } from '../../../../protocol/frames'
import { transcript, transcriptFileName, unsentText } from '../transcript'

const at = (m: number) => `2030-01-01T10:${String(m).padStart(2, '0')}:30.000Z`
const msg = (id: number, sender: string, content: string, extra: Partial<MessageFrame> = {}) =>
  ({ type: 'message', id, sender, avatar: 'owl', content, timestamp: at(id), ...extra }) as const
const joinNotice: SystemFrame = {
  type: 'system',
  id: 1,
  sender: SYSTEM_SENDER,
  content: 'Bob joined the chat',
  timestamp: at(1),
  event: 'join',
  name: 'Bob',
}
const messages: StoredFrame[] = [
  joinNotice,
  msg(2, 'Bob', 'hello *all*\nsecond line'),
  msg(3, 'Al_ice', 'hi Bob', { reply_to: { id: 2, sender: 'Bob', excerpt: 'hello *all*' } }),
  { ...msg(4, 'Eve', ''), undecryptable: true } as StoredFrame,
]
const ctx = { roomId: 'r1', encrypted: true, savedAt: new Date('2030-01-01T10:05:00Z') }

describe('transcript', () => {
  it('as text: one line per message, times in UTC, replies and notices marked', () => {
    expect(transcript(messages, 'txt', ctx)).toBe(
      [
        'Chatty end-to-end encrypted room r1',
        'Saved 2030-01-01 10:05 UTC from this browser · 4 messages',
        '',
        '[10:01] * Bob joined the chat',
        '[10:02] Bob: hello *all*',
        '        second line',
        '[10:03] Al_ice (replying to Bob): hi Bob',
        '[10:04] Eve: [Message could not be decrypted]',
        '',
      ].join('\n'),
    )
  })

  it('as Markdown: names escaped, the text as written, line breaks kept', () => {
    const md = transcript(messages, 'md', { ...ctx, encrypted: false })
    expect(md.startsWith('# Chatty room r1\n\n_Saved 2030-01-01 10:05 UTC')).toBe(true)
    expect(md).toContain('**Bob** · 10:02\nhello *all*  \nsecond line')
    expect(md).toContain('**Al\\_ice** · 10:03\n> ↩ Bob: hello *all*\nhi Bob')
    expect(md).toContain('_10:01 · Bob joined the chat_')
    expect(md).toContain('[Message could not be decrypted]')
  })

  it('lists files: name and size, then the caption', () => {
    const photo = { blob: 'b1', name: 'a_b.jpg', type: 'image/jpeg', size: 300_000 }
    const withFiles: StoredFrame[] = [
      msg(5, 'Ana', '', { file: photo }),
      msg(6, 'Ana', 'Q3\nsee p. 4', { file: { ...photo, name: 'q3.pdf', size: 2_500_000 } }),
    ]
    const txt = transcript(withFiles, 'txt', ctx)
    expect(txt).toContain('[10:05] Ana: [file: a_b.jpg, 300 KB]\n')
    expect(txt).toContain('[10:06] Ana: [file: q3.pdf, 2.5 MB]\n        Q3\n        see p. 4\n')
    const md = transcript(withFiles, 'md', ctx)
    expect(md).toContain('**Ana** · 10:05\n[file: a\\_b.jpg, 300 KB]')
    expect(md).toContain('[file: q3.pdf, 2.5 MB]  \nQ3  \nsee p. 4')
  })

  it('names the file after the room and the time it was saved', () => {
    expect(transcriptFileName('r1', 'md', ctx.savedAt)).toBe('chatty-r1-20300101-1005.md')
  })
})

describe('unsentText', () => {
  it('gives the unsent messages, then the draft, one paragraph each, blanks left out', () => {
    const pending = [{ content: 'first try' }, { content: '  ' }, { content: 'line 1\nline 2' }]
    expect(unsentText(pending, ' half a thought ')).toBe(
      'first try\n\nline 1\nline 2\n\nhalf a thought',
    )
    expect(unsentText([], '')).toBe('')
  })
})
