import { describe, expect, it } from 'vitest'
import { CLOSE_CODES, CLOSE_DESCRIPTIONS, ERROR_DESCRIPTIONS } from '../../../protocol/index.js'
import { CLIENT_FRAME_SCHEMAS, SERVER_FRAME_SCHEMAS } from '../../../protocol/schemas.js'
import { protocolDescription } from './protocol-docs.js'

describe('the /docs protocol description', () => {
  const text = protocolDescription()

  it('has a row for every client and server frame, with its description', () => {
    for (const schema of [...CLIENT_FRAME_SCHEMAS, ...SERVER_FRAME_SCHEMAS]) {
      const type = (schema.properties.type as { const: string }).const
      expect(text).toContain(`| \`${type}\` |`)
      expect(text).toContain(schema.description!)
    }
    expect(text).toContain('`sender: "__user_list__"`')
    expect(text).toContain('`last_id`?')
  })

  it('lists every error code and close code with its meaning', () => {
    for (const [code, meaning] of Object.entries(ERROR_DESCRIPTIONS)) {
      expect(text).toContain(`| \`${code}\` | ${meaning} |`)
    }
    for (const [name, code] of Object.entries(CLOSE_CODES)) {
      const meaning = CLOSE_DESCRIPTIONS[name as keyof typeof CLOSE_CODES]
      expect(text).toContain(`| \`${code}\` | ${meaning} |`)
    }
  })
})
