/** Files (`store/blobs.ts`): what both stores do with a room's blobs. */
import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { NewBlob, Store } from '../../src/store/store.js'
import { newRoom } from './contract-helpers.js'

const MB = 2 ** 20

function blobOf(size: number, chunkBytes = 4, owner = 'alice'): NewBlob {
  return {
    id: randomBytes(16).toString('base64url'),
    size,
    chunks: Math.ceil(size / chunkBytes),
    chunkBytes,
    tokenHash: 'hash',
    owner,
  }
}

export function registerBlobTests(getStore: () => Store): void {
  describe('files', () => {
    it('keeps an upload’s chunks, says what is missing, and serves them once complete', async () => {
      const store = getStore()
      const roomId = await newRoom(store)
      const blob = blobOf(10)
      expect(await store.files.createBlob(roomId, blob, MB)).toBe('ok')
      expect(await store.files.blob(roomId, blob.id)).toMatchObject({
        received: 0,
        missing: [0, 1, 2],
      })

      expect(await store.files.putChunk(roomId, blob.id, 1, Buffer.from('efgh'))).toBe('ok')
      // A chunk sent again replaces the first copy and counts once.
      expect(await store.files.putChunk(roomId, blob.id, 1, Buffer.from('EFGH'))).toBe('ok')
      expect(await store.files.blob(roomId, blob.id)).toMatchObject({
        received: 1,
        missing: [0, 2],
      })
      expect(await store.files.readChunk(roomId, blob.id, 1)).toBeNull()

      expect(await store.files.putChunk(roomId, blob.id, 0, Buffer.from([0, 255, 1, 254]))).toBe(
        'ok',
      )
      expect(await store.files.putChunk(roomId, blob.id, 2, Buffer.from('ij'))).toBe('ok')
      expect(await store.files.blob(roomId, blob.id)).toMatchObject({ received: 3, missing: [] })
      expect(await store.files.putChunk(roomId, blob.id, 2, Buffer.from('xy'))).toBe('complete')
      expect(await store.files.readChunk(roomId, blob.id, 0)).toEqual(Buffer.from([0, 255, 1, 254]))
      expect(await store.files.readChunk(roomId, blob.id, 1)).toEqual(Buffer.from('EFGH'))
      expect(await store.files.readChunk(roomId, blob.id, 2)).toEqual(Buffer.from('ij'))
    })

    it('attaches a complete blob to one message only (the same message may claim it again)', async () => {
      const store = getStore()
      const roomId = await newRoom(store)
      const blob = blobOf(4)
      await store.files.createBlob(roomId, blob, MB)
      expect(await store.files.attachBlob(roomId, blob.id, 'm1')).toBe(false)
      await store.files.putChunk(roomId, blob.id, 0, Buffer.from('abcd'))
      expect(await store.files.attachBlob(roomId, blob.id, 'm1')).toBe(true)
      expect(await store.files.attachBlob(roomId, blob.id, 'm1')).toBe(true)
      expect(await store.files.attachBlob(roomId, blob.id, 'm2')).toBe(false)
      expect((await store.files.blob(roomId, blob.id))?.attached).toBe('m1')
    })

    it('counts a room’s files against its most bytes, and gives a cancelled upload’s back', async () => {
      const store = getStore()
      const roomId = await newRoom(store)
      const first = blobOf(60)
      expect(await store.files.createBlob(roomId, first, 100)).toBe('ok')
      expect(await store.files.createBlob(roomId, blobOf(41), 100)).toBe('files_full')
      expect(await store.files.createBlob(roomId, blobOf(40), 100)).toBe('ok')
      await store.files.deleteBlob(roomId, first.id)
      expect(await store.files.blob(roomId, first.id)).toBeNull()
      expect(await store.files.createBlob(roomId, blobOf(60), 100)).toBe('ok')
    })

    it('knows no blob of another room, or of a room that is gone', async () => {
      const store = getStore()
      const roomId = await newRoom(store)
      const other = await newRoom(store)
      const blob = blobOf(4)
      await store.files.createBlob(roomId, blob, MB)
      expect(await store.files.blob(other, blob.id)).toBeNull()
      expect(await store.files.putChunk(other, blob.id, 0, Buffer.from('abcd'))).toBe('not_found')
      expect(await store.files.createBlob('no-such-room', blobOf(4), MB)).toBe('room_not_found')
    })

    it('stops the upload of a member the host removed', async () => {
      const store = getStore()
      const roomId = await newRoom(store)
      await store.addMember(roomId, { name: 'Bob', key: 'bob', avatar: '', connId: 'c1' }, 10)
      const blob = blobOf(8, 4, 'bob')
      await store.files.createBlob(roomId, blob, MB)
      expect(await store.files.putChunk(roomId, blob.id, 0, Buffer.from('abcd'))).toBe('ok')
      expect(await store.expelMember(roomId, 'bob')).toBe('Bob')
      expect(await store.files.putChunk(roomId, blob.id, 1, Buffer.from('efgh'))).toBe('removed')
    })

    it('deletes every blob with the room when its host ends it', async () => {
      const store = getStore()
      const roomId = await newRoom(store)
      const blob = blobOf(4)
      await store.files.createBlob(roomId, blob, MB)
      await store.files.putChunk(roomId, blob.id, 0, Buffer.from('abcd'))
      expect(await store.destroyRoom(roomId)).toBe(true)
      expect(await store.files.blob(roomId, blob.id)).toBeNull()
      expect(await store.files.readChunk(roomId, blob.id, 0)).toBeNull()
    })
  })
}
