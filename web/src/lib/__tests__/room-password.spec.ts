import { describe, expect, it } from 'vitest'
import { DERIVED_CHECK_PATTERN, parseKeyCheck } from '../../../../protocol/key-check'
import { PASSWORD_KDF_BOUNDS, type PasswordKdf } from '../../../../protocol/room-access'
import { encryptMessage, decryptMessage, importRoomKey, newRoomKey } from '../room-crypto'
import { newPasswordKdf, passwordRoomKeys, stretchPassword } from '../room-password'

// The floor of what a browser accepts, so the test runs Argon2id quickly.
const CHEAP: PasswordKdf = {
  ...newPasswordKdf(),
  memory_kib: PASSWORD_KDF_BOUNDS.memory_kib.min,
  iterations: PASSWORD_KDF_BOUNDS.iterations.min,
}
const ctx = { room: 'room-1', sender: 'Alice' }

describe('room passwords in the browser', () => {
  it('derives the same key and verifier from the same link key and password, only then', async () => {
    const link = newRoomKey()
    const a = await passwordRoomKeys(link, await stretchPassword('hunter2', CHEAP), CHEAP)
    const b = await passwordRoomKeys(link, await stretchPassword('hunter2', CHEAP), CHEAP)
    expect(a!.check).toMatch(new RegExp(DERIVED_CHECK_PATTERN))
    expect(parseKeyCheck(a!.check)?.version).toBe('kc2')
    expect(b!.check).toBe(a!.check)
    const sealed = await encryptMessage(a!.key, ctx, 'the door code is 4711')
    expect(await decryptMessage(b!.key, ctx, sealed)).toBe('the door code is 4711')

    // The link alone, another password, or another link: nothing opens, another verifier.
    const linkOnly = await importRoomKey(link)
    expect(await decryptMessage(linkOnly!, ctx, sealed)).toBeNull()
    const wrong = await passwordRoomKeys(link, await stretchPassword('hunter3', CHEAP), CHEAP)
    expect(wrong!.check).not.toBe(a!.check)
    expect(await decryptMessage(wrong!.key, ctx, sealed)).toBeNull()
    const otherLink = await passwordRoomKeys(
      newRoomKey(),
      await stretchPassword('hunter2', CHEAP),
      CHEAP,
    )
    expect(otherLink!.check).not.toBe(a!.check)
  })

  it('reads the password as NFC, so é typed either way is the same password', async () => {
    const composed = await stretchPassword('caf\u00e9', CHEAP)
    expect(await stretchPassword('cafe\u0301', CHEAP)).toBe(composed)
  })

  it('refuses a derivation below the floor or beyond what a phone can give', async () => {
    await expect(stretchPassword('pw', { ...CHEAP, memory_kib: 1024 })).rejects.toThrow()
    await expect(stretchPassword('pw', { ...CHEAP, memory_kib: 4_194_304 })).rejects.toThrow()
    await expect(stretchPassword('pw', { ...CHEAP, iterations: 1 })).rejects.toThrow()
  })

  it('makes a fresh salt and the default cost for each new room', () => {
    const one = newPasswordKdf()
    expect(one).toMatchObject({
      name: 'argon2id',
      memory_kib: 65536,
      iterations: 3,
      parallelism: 1,
    })
    expect(one.salt).not.toBe(newPasswordKdf().salt)
  })
})
