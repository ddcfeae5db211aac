/**
 * The WebSocket protocol in prose for `/docs`, built from the protocol's own schemas and
 * constants, so the page cannot drift from what the server validates and sends.
 */
import type { TObject } from '@sinclair/typebox'
import { CLOSE_CODES, CLOSE_DESCRIPTIONS, ERROR_DESCRIPTIONS } from '../../../protocol/index.js'
import { CLIENT_FRAME_SCHEMAS, SERVER_FRAME_SCHEMAS } from '../../../protocol/schemas.js'

/** `type`, then the other fields, optional ones marked `?`. */
function frameRow(schema: TObject): string {
  const { type, ...fields } = schema.properties
  const optional = new Set(Object.keys(fields).filter((k) => !schema.required?.includes(k)))
  const names = Object.entries(fields).map(([k, field]) => {
    // A fixed value (the reserved senders) is shown, not just named.
    const value = (field as { const?: unknown }).const
    const shown = value === undefined ? '' : `: ${JSON.stringify(value)}`
    return `\`${k}${shown}\`${optional.has(k) ? '?' : ''}`
  })
  const literal = (type as { const?: string } | undefined)?.const
  return `| \`${literal}\` | ${names.join(', ')} | ${schema.description ?? ''} |`
}

function frameTable(schemas: readonly TObject[]): string {
  return ['| `type` | Fields | Meaning |', '|---|---|---|', ...schemas.map(frameRow)].join('\n')
}

function codeTable(header: string, rows: [string | number, string][]): string {
  return [
    `| ${header} | Meaning |`,
    '|---|---|',
    ...rows.map(([c, d]) => `| \`${c}\` | ${d} |`),
  ].join('\n')
}

export function protocolDescription(): string {
  const closeRows = (Object.keys(CLOSE_CODES) as (keyof typeof CLOSE_CODES)[]).map(
    (name): [number, string] => [CLOSE_CODES[name], CLOSE_DESCRIPTIONS[name]],
  )
  return `
Ephemeral chat rooms that self-destruct after one hour. No accounts, no data retention.

## WebSocket \`/ws/{room_id}\`

All frames are JSON text. Binary frames get an \`error\` frame.
Example join: \`{"sender":"Alice","avatar":"afro","type":"join"}\`; example chat:
\`{"sender":"Alice","avatar":"afro","content":"hi","timestamp":"2025-01-01T12:00:00Z"}\`.

**Client → server**

${frameTable(CLIENT_FRAME_SCHEMAS)}

**Server → client**, in room order (\`message\`/\`system\` frames carry an \`id\`, strictly increasing within the room):

${frameTable(SERVER_FRAME_SCHEMAS)}

**Error codes** (the \`code\` of an \`error\` frame):

${codeTable('Code', Object.entries(ERROR_DESCRIPTIONS))}

**Close codes**:

${codeTable('Close code', closeRows)}
`
}
