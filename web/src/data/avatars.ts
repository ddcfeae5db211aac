import { AVATAR_IDS, type AvatarId } from '../../../protocol/avatars'

export { AVATAR_IDS, type AvatarId }

/** One avatar drawing: a short accessible label and a standalone 64×64 SVG document. */
export interface Avatar {
  label: string
  svg: string
}

const INK = '#1e293b'
const BLUSH = '#fb7185'

// Shared parts keep the 16 faces in one family (same eyes, same blush).
const eye = (x: number, y: number, r = 2.6) =>
  `<circle cx="${x}" cy="${y}" r="${r}" fill="${INK}"/>` +
  `<circle cx="${x + r * 0.35}" cy="${y - r * 0.35}" r="${r * 0.35}" fill="#fff"/>`
const eyes = (y: number, dx: number, r?: number) => eye(32 - dx, y, r) + eye(32 + dx, y, r)
// On green skin a translucent blush turns brown, so those faces pass a stronger one.
const cheeks = (y: number, dx: number, opacity = 0.45) =>
  `<ellipse cx="${32 - dx}" cy="${y}" rx="3.2" ry="2" fill="${BLUSH}" opacity="${opacity}"/>` +
  `<ellipse cx="${32 + dx}" cy="${y}" rx="3.2" ry="2" fill="${BLUSH}" opacity="${opacity}"/>`
const smile = (y: number, w = 3, color = INK) =>
  `<path d="M${32 - w} ${y}q${w} ${w * 0.8} ${w * 2} 0" fill="none" stroke="${color}" stroke-width="1.6" stroke-linecap="round"/>`

/**
 * Wraps a drawing in the round background. The clip path keeps busts inside the circle;
 * its id is unique per avatar so several drawings inlined in one page never collide.
 */
function draw(id: AvatarId, background: string) {
  return (strings: TemplateStringsArray, ...parts: string[]): string =>
    wrap(id, background, String.raw({ raw: strings }, ...parts))
}

function wrap(id: AvatarId, background: string, body: string): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">` +
    `<defs><clipPath id="chatty-${id}"><circle cx="32" cy="32" r="32"/></clipPath></defs>` +
    `<g clip-path="url(#chatty-${id})"><rect class="bg" width="64" height="64" fill="${background}"/>` +
    body.replace(/\n\s*/g, '') +
    `</g></svg>`
  )
}

const fox = draw('fox', '#5eead4')`
  <path d="M12 31L16 8l14 12z" fill="#f97316"/><path d="M52 31L48 8 34 20z" fill="#f97316"/>
  <path d="M16.5 24l2-11 8 7z" fill="#7c2d12"/><path d="M47.5 24l-2-11-8 7z" fill="#7c2d12"/>
  <path d="M10 31q2-14 22-14t22 14q0 10-22 25Q10 41 10 31z" fill="#f97316"/>
  <path d="M11 33q13-1 21 8 8-9 21-8-4 13-21 23-17-10-21-23z" fill="#fff7ed"/>
  ${eyes(31, 9)}<ellipse cx="32" cy="51" rx="3.4" ry="2.4" fill="${INK}"/>`

const owl = draw('owl', '#7dd3fc')`
  <path d="M14 27l1-16 11 8zm36 0l-1-16-11 8z" fill="#b45309"/>
  <ellipse cx="32" cy="42" rx="21" ry="26" fill="#b45309"/>
  <ellipse cx="13" cy="50" rx="6" ry="14" transform="rotate(12 13 50)" fill="#92400e"/>
  <ellipse cx="51" cy="50" rx="6" ry="14" transform="rotate(-12 51 50)" fill="#92400e"/>
  <ellipse cx="32" cy="55" rx="12" ry="12" fill="#fde68a"/>
  <path d="M27 50l2 2 2-2m2 0l2 2 2-2m-8 6l2 2 2-2m2 0l2 2 2-2" fill="none" stroke="#d97706" stroke-width="1.3" stroke-linecap="round"/>
  <circle cx="23.5" cy="31" r="9" fill="#fef3c7"/><circle cx="40.5" cy="31" r="9" fill="#fef3c7"/>
  ${eyes(31, 8.5, 4.2)}<path d="M29 38h6l-3 5z" fill="#f59e0b"/>`

const cat = draw('cat', '#fde047')`
  <ellipse cx="32" cy="66" rx="20" ry="12" fill="#64748b"/>
  <path d="M12 30l2-21 14 10zm40 0l-2-21-14 10z" fill="#64748b"/>
  <path d="M15.5 24l1-10 7 5zm33 0l-1-10-7 5z" fill="#fda4af"/>
  <ellipse cx="32" cy="36" rx="21" ry="18" fill="#64748b"/>
  <path d="M28 19l1 5m3-6v6m4-5l-1 5" stroke="#475569" stroke-width="2" stroke-linecap="round"/>
  <circle cx="28" cy="43" r="5.5" fill="#f8fafc"/><circle cx="36" cy="43" r="5.5" fill="#f8fafc"/>
  ${eyes(34, 8.5)}<path d="M29.5 39.5h5L32 42.5z" fill="#fb7185"/>
  <path d="M22 42l-8-1m8 4l-8 2m28-5l8-1m-8 4l8 2" stroke="#e2e8f0" stroke-width="1.2" stroke-linecap="round"/>`

const bear = draw('bear', '#fbbf24')`
  <ellipse cx="32" cy="66" rx="22" ry="12" fill="#92400e"/>
  <circle cx="15" cy="18" r="8" fill="#92400e"/><circle cx="49" cy="18" r="8" fill="#92400e"/>
  <circle cx="15" cy="18" r="4" fill="#d6a26b"/><circle cx="49" cy="18" r="4" fill="#d6a26b"/>
  <circle cx="32" cy="35" r="21" fill="#92400e"/>
  <ellipse cx="32" cy="43" rx="10" ry="8" fill="#e8c39e"/>
  ${eyes(31, 9)}<ellipse cx="32" cy="39.5" rx="4" ry="2.8" fill="${INK}"/>${smile(44, 3)}`

const panda = draw('panda', '#f9a8d4')`
  <ellipse cx="32" cy="66" rx="22" ry="12" fill="${INK}"/>
  <circle cx="15" cy="17" r="8" fill="${INK}"/><circle cx="49" cy="17" r="8" fill="${INK}"/>
  <circle cx="32" cy="35" r="21" fill="#fff"/>
  <ellipse cx="23" cy="33" rx="5.5" ry="7.5" transform="rotate(35 23 33)" fill="${INK}"/>
  <ellipse cx="41" cy="33" rx="5.5" ry="7.5" transform="rotate(-35 41 33)" fill="${INK}"/>
  <circle cx="23.5" cy="32" r="2.2" fill="#fff"/><circle cx="40.5" cy="32" r="2.2" fill="#fff"/>
  <ellipse cx="32" cy="41" rx="3.4" ry="2.4" fill="${INK}"/>${smile(44.5, 2.5)}${cheeks(42, 12)}`

const rabbit = draw('rabbit', '#3b82f6')`
  <ellipse cx="32" cy="68" rx="20" ry="12" fill="#f8fafc"/>
  <ellipse cx="24" cy="16" rx="6" ry="14" transform="rotate(-12 24 16)" fill="#f8fafc"/>
  <ellipse cx="40" cy="16" rx="6" ry="14" transform="rotate(12 40 16)" fill="#f8fafc"/>
  <ellipse cx="24" cy="17" rx="2.8" ry="10" transform="rotate(-12 24 17)" fill="#f9a8d4"/>
  <ellipse cx="40" cy="17" rx="2.8" ry="10" transform="rotate(12 40 17)" fill="#f9a8d4"/>
  <ellipse cx="32" cy="40" rx="18" ry="16" fill="#f8fafc"/>
  ${eyes(38, 7.5)}<path d="M30 43h4l-2 2.2z" fill="#f472b6"/>
  <path d="M30.2 47h3.6v3.2q0 .8-.8.8h-2q-.8 0-.8-.8zM32 47v4" fill="#fff" stroke="#cbd5e1" stroke-width=".7"/>
  ${smile(45.5, 2.4)}${cheeks(44, 11)}`

const frog = draw('frog', '#fca5a5')`
  <ellipse cx="32" cy="66" rx="24" ry="13" fill="#16a34a"/>
  <circle cx="20" cy="23" r="9.5" fill="#22c55e"/><circle cx="44" cy="23" r="9.5" fill="#22c55e"/>
  <ellipse cx="32" cy="39" rx="23" ry="16" fill="#22c55e"/>
  <circle cx="20" cy="23" r="6.2" fill="#fff"/><circle cx="44" cy="23" r="6.2" fill="#fff"/>
  ${eyes(23.5, 12, 3.3)}<circle cx="29.5" cy="33" r="1" fill="#14532d"/><circle cx="34.5" cy="33" r="1" fill="#14532d"/>
  <path d="M20 40q12 10 24 0" fill="none" stroke="#14532d" stroke-width="2.2" stroke-linecap="round"/>
  ${cheeks(40, 17, 0.85)}`

const penguin = draw('penguin', '#f0abfc')`
  <ellipse cx="32" cy="44" rx="23" ry="30" fill="${INK}"/>
  <path d="M32 25q6-5 12 1 6 8 0 19-5 8-12 8t-12-8q-6-11 0-19 6-6 12-1z" fill="#fff"/>
  <ellipse cx="32" cy="64" rx="13" ry="9" fill="#fff"/>
  ${eyes(34, 6.5)}<path d="M28 40q4-3 8 0-4 5-8 0z" fill="#f59e0b"/>${cheeks(41, 10)}`

const koala = draw('koala', '#bef264')`
  <ellipse cx="32" cy="66" rx="22" ry="12" fill="#8493a8"/>
  <circle cx="14" cy="24" r="11" fill="#8493a8"/><circle cx="50" cy="24" r="11" fill="#8493a8"/>
  <circle cx="14" cy="25" r="6" fill="#e2e8f0"/><circle cx="50" cy="25" r="6" fill="#e2e8f0"/>
  <ellipse cx="32" cy="37" rx="19" ry="18" fill="#8493a8"/>
  ${eyes(33, 9.5, 2.4)}<ellipse cx="32" cy="40" rx="5" ry="6.8" fill="#334155"/>
  ${smile(49, 2)}${cheeks(43, 13)}`

const maneTufts = Array.from({ length: 12 }, (_, i) => {
  const a = (i * Math.PI) / 6
  const x = (32 + 19 * Math.cos(a)).toFixed(1)
  const y = (34 + 19 * Math.sin(a)).toFixed(1)
  return `<circle cx="${x}" cy="${y}" r="8" fill="#ea580c"/>`
}).join('')

const lion = draw('lion', '#c4b5fd')`
  ${maneTufts}<circle cx="32" cy="34" r="20" fill="#ea580c"/>
  <circle cx="20" cy="21" r="5" fill="#fbbf24"/><circle cx="44" cy="21" r="5" fill="#fbbf24"/>
  <circle cx="32" cy="35" r="15" fill="#fbbf24"/>
  <ellipse cx="28" cy="42" rx="5" ry="4" fill="#fef3c7"/><ellipse cx="36" cy="42" rx="5" ry="4" fill="#fef3c7"/>
  ${eyes(32, 6.5, 2.3)}<path d="M29 37.5h6l-3 3.3z" fill="#7c2d12"/>`

const whale = draw('whale', '#fdba74')`
  <path d="M29 19q-1-6-5-8m5 8q1-7 5-9m-5 9v-11" fill="none" stroke="#eff6ff" stroke-width="2.4" stroke-linecap="round"/>
  <path d="M7 39q0-18 23-18 19 0 21 15l5-7q4-2 3 4l-4 9q4 4 4 9-6-1-8-5-5 10-22 10Q7 56 7 39z" fill="#3b82f6"/>
  <path d="M8 44q10 8 26 7 10-1 15-6-5 10-21 10-16 0-20-11z" fill="#bfdbfe"/>
  ${eye(20, 37)}<ellipse cx="16" cy="42" rx="3" ry="1.8" fill="${BLUSH}" opacity=".5"/>
  <path d="M22 44q4 3 8 0" fill="none" stroke="${INK}" stroke-width="1.6" stroke-linecap="round"/>`

const octopus = draw('octopus', '#a7f3d0')`
  <path d="M19 40q-8 8-3 15 3 3 6 0M26 43q-3 9 1 15M38 43q3 9-1 15M45 40q8 8 3 15-3 3-6 0" fill="none" stroke="#a855f7" stroke-width="6" stroke-linecap="round"/>
  <ellipse cx="32" cy="29" rx="17" ry="18" fill="#a855f7"/>
  <circle cx="25" cy="17" r="2.2" fill="#c084fc"/><circle cx="39" cy="15" r="1.6" fill="#c084fc"/><circle cx="42" cy="21" r="2" fill="#c084fc"/>
  <circle cx="25.5" cy="30" r="5" fill="#fff"/><circle cx="38.5" cy="30" r="5" fill="#fff"/>
  ${eyes(30.5, 6.5, 2.8)}${smile(37.5, 2.5)}${cheeks(36, 11)}`

const robot = draw('robot', '#94a3b8')`
  <path d="M32 15V8" stroke="#475569" stroke-width="2.4"/><circle cx="32" cy="7" r="3.4" fill="#ef4444"/>
  <rect x="12" y="50" width="40" height="20" rx="7" fill="#e2e8f0"/><circle cx="32" cy="57" r="3" fill="#ef4444"/>
  <rect x="8" y="25" width="6" height="11" rx="2" fill="#f59e0b"/><rect x="50" y="25" width="6" height="11" rx="2" fill="#f59e0b"/>
  <rect x="13" y="14" width="38" height="32" rx="9" fill="#f8fafc"/>
  <rect x="18" y="20" width="28" height="16" rx="6" fill="${INK}"/>
  <circle cx="25.5" cy="28" r="3.2" fill="#22d3ee"/><circle cx="38.5" cy="28" r="3.2" fill="#22d3ee"/>
  <path d="M26 40.5h12" stroke="#94a3b8" stroke-width="2.4" stroke-linecap="round" stroke-dasharray="0 4"/>`

const alien = draw('alien', '#3730a3')`
  <circle cx="12" cy="20" r="1" fill="#fff" opacity=".8"/><circle cx="53" cy="44" r="1.2" fill="#fff" opacity=".8"/>
  <circle cx="50" cy="13" r=".8" fill="#fff" opacity=".7"/><circle cx="10" cy="44" r=".8" fill="#fff" opacity=".7"/>
  <path d="M24 16l-6-8m22 8l6-8" stroke="#4ade80" stroke-width="2.4" stroke-linecap="round"/>
  <circle cx="18" cy="8" r="3" fill="#facc15"/><circle cx="46" cy="8" r="3" fill="#facc15"/>
  <path d="M32 12q21 0 21 20 0 14-21 25-21-11-21-25 0-20 21-20z" fill="#4ade80"/>
  <ellipse cx="23" cy="33" rx="6.5" ry="4.2" transform="rotate(30 23 33)" fill="#0f172a"/>
  <ellipse cx="41" cy="33" rx="6.5" ry="4.2" transform="rotate(-30 41 33)" fill="#0f172a"/>
  <circle cx="24.5" cy="31.5" r="1.4" fill="#fff"/><circle cx="42.5" cy="31.5" r="1.4" fill="#fff"/>
  ${smile(44, 2.5, '#166534')}`

const cactus = draw('cactus', '#e8c9a0')`
  <path d="M20 35h-5q-3 0-3-3v-8" fill="none" stroke="#16a34a" stroke-width="6" stroke-linecap="round"/>
  <path d="M44 31h5q3 0 3-3v-6" fill="none" stroke="#16a34a" stroke-width="6" stroke-linecap="round"/>
  <rect x="19" y="12" width="26" height="38" rx="13" fill="#16a34a"/>
  <path d="M23 20v2m18-4v2m-1 19v2m-16 0v2" stroke="#bbf7d0" stroke-width="1.4" stroke-linecap="round"/>
  <circle cx="29" cy="11.5" r="2.8" fill="#f472b6"/><circle cx="35" cy="11.5" r="2.8" fill="#f472b6"/>
  <circle cx="32" cy="8" r="2.8" fill="#f472b6"/><circle cx="32" cy="11" r="1.8" fill="#fde047"/>
  ${eyes(28, 5.5, 2.6)}${smile(33.5, 2.5)}${cheeks(33, 9, 0.85)}
  <path d="M18 47h28l-3 15H21z" fill="#c2410c"/><rect x="15" y="44" width="34" height="6" rx="2" fill="#ea580c"/>`

const mushroom = draw('mushroom', '#22c55e')`
  <rect x="20" y="34" width="24" height="26" rx="9" fill="#fef3c7"/>
  <path d="M7 34Q7 9 32 9t25 25q0 4-6 4H13q-6 0-6-4z" fill="#ef4444"/>
  <circle cx="19" cy="23" r="4.2" fill="#fff"/><circle cx="33" cy="16" r="3.2" fill="#fff"/>
  <circle cx="45" cy="26" r="4.5" fill="#fff"/><circle cx="29" cy="30" r="2.4" fill="#fff"/>
  ${eyes(46, 5.5, 2.3)}${smile(51, 2)}${cheeks(50, 9.5)}`

/** The 16 avatar drawings, keyed by the protocol's avatar ids. */
export const AVATARS: Record<AvatarId, Avatar> = {
  fox: { label: 'Fox', svg: fox },
  owl: { label: 'Owl', svg: owl },
  cat: { label: 'Cat', svg: cat },
  bear: { label: 'Bear', svg: bear },
  panda: { label: 'Panda', svg: panda },
  rabbit: { label: 'Rabbit', svg: rabbit },
  frog: { label: 'Frog', svg: frog },
  penguin: { label: 'Penguin', svg: penguin },
  koala: { label: 'Koala', svg: koala },
  lion: { label: 'Lion', svg: lion },
  whale: { label: 'Whale', svg: whale },
  octopus: { label: 'Octopus', svg: octopus },
  robot: { label: 'Robot', svg: robot },
  alien: { label: 'Alien', svg: alien },
  cactus: { label: 'Cactus', svg: cactus },
  mushroom: { label: 'Mushroom', svg: mushroom },
}

/** The ids this app draws, in the picker's order: the only ones it offers. */
export const DRAWN_AVATAR_IDS = Object.keys(AVATARS) as AvatarId[]

/**
 * True for an id this app has a drawing of. Any other id, such as `""` or one another client
 * chose (`"afro"` in the original service), is shown as the name's initial. An own-property
 * check: an id such as `"constructor"` must not find `Object.prototype`'s.
 */
export function isDrawn(id: string): id is AvatarId {
  return Object.hasOwn(AVATARS, id)
}

/** The drawing of `id`, or undefined when the initial stands in for it. */
export function avatarDrawing(id: string): Avatar | undefined {
  return isDrawn(id) ? AVATARS[id] : undefined
}

/** The human label of an avatar id; an empty string for `""` (initial fallback) or an undrawn id. */
export function avatarLabel(id: string): string {
  return avatarDrawing(id)?.label ?? ''
}
