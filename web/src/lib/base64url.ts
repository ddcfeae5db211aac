/**
 * Unpadded base64url (RFC 4648 §5) for keys, IVs and ciphertexts. Written here because the
 * browser's `Uint8Array.toBase64` is not in every browser we support yet; `btoa`/`atob` are.
 */
import { isCanonicalBase64url } from '../../../protocol/envelope'

export function toBase64url(bytes: Uint8Array): string {
  let binary = ''
  // Chunks keep `String.fromCharCode`'s argument count below engine limits for long messages.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** The bytes of canonical base64url text, or null for anything else. */
export function fromBase64url(text: string): Uint8Array<ArrayBuffer> | null {
  if (!isCanonicalBase64url(text)) return null
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return bytes
}
