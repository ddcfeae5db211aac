/**
 * Pinned test vectors of the encrypted formats: fixed key, IV and text, and what they must give.
 * A change to a format that is not a new version breaks them (`vectors.test.ts` makes them with
 * Node's AES-GCM; `web/src/lib/__tests__/vectors.spec.ts` opens them with the web app's code).
 */
/** The key of every vector: 32 bytes of 0x01, as a room key in a link would be written. */
export const VECTOR_KEY = 'AQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQE'
/** The IV of the message and reaction vectors: 12 bytes of 0x02. */
export const VECTOR_IV_BYTE = 2

/** `hello` from Ana in room1, replying to message 7. */
export const MESSAGE_VECTOR = {
  context: { room: 'room1', sender: 'Ana', replyTo: 7 },
  text: 'hello',
  envelope: 'e1:AgICAgICAgICAgIC:b7OlJSWFVA__OnK7xI-_ImpDHnM_',
}

/** Ben reacts 👍 to message 7 in room1. */
export const REACTION_VECTOR = {
  context: { room: 'room1', sender: 'Ben', messageId: 7 },
  reaction: '👍',
  envelope: 'e1:AgICAgICAgICAgIC:90lYxIsnayOHGddp32TqLZ7tElI',
}

/** Chunk 1 of 3 of a file: "chatty file" then zeros to 64 KiB; its sealed bytes' SHA-256. */
export const FILE_CHUNK_VECTOR = {
  index: 1,
  count: 3,
  text: 'chatty file',
  sealedBytes: 65552,
  sealedSha256: 'abbbef5b132f3d2ad22736ce716cc57c49c0772b27772384113151f63869e90c',
}
