// Prints every picker emoji as a grid, one row per category, to check they all render as colour
// glyphs (a box or two glyphs means the font lacks it). Not shipped:
//   npx tsx web/src/data/preview/render-emoji.ts > /tmp/emoji.html
import { EMOJI_CATEGORIES } from '../emoji'

const sections = EMOJI_CATEGORIES.map(
  (c) =>
    `<h2>${c.icon} ${c.label} (${c.emojis.length})</h2><div class="grid">` +
    c.emojis.map((e) => `<span title="${e.name}">${e.char}</span>`).join('') +
    `</div>`,
).join('')

const html = `<!doctype html><meta charset="utf-8"><style>
body{margin:8px;font:12px system-ui,sans-serif}h2{font-size:12px;margin:6px 0 2px}
.grid{display:flex;flex-wrap:wrap;gap:2px;font-size:24px;line-height:30px;
font-family:"Apple Color Emoji","Segoe UI Emoji","Noto Color Emoji",sans-serif}
.grid span{width:30px;text-align:center}
</style>${sections}`

// eslint-disable-next-line no-console -- a command-line preview, its output is the page
console.log(html)
