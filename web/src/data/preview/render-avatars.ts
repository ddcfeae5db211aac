// Prints a contact sheet of every avatar (32 px and 96 px, on a light and a dark page) for a visual
// check. Not shipped. Output goes to stdout so the file needs no Node types in the web tsconfig:
//   npx tsx web/src/data/preview/render-avatars.ts > /tmp/avatars.html
import { AVATARS, AVATAR_IDS } from '../avatars'

const src = (svg: string) => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`

function row(size: number): string {
  return AVATAR_IDS.map(
    (id) =>
      `<figure><img src="${src(AVATARS[id].svg)}" width="${size}" height="${size}" alt="${AVATARS[id].label}"><figcaption>${id}</figcaption></figure>`,
  ).join('')
}

const panel = (bg: string, fg: string) =>
  `<section style="background:${bg};color:${fg}"><div class="row">${row(32)}</div><div class="row">${row(96)}</div></section>`

const html = `<!doctype html><meta charset="utf-8"><style>
body{margin:0;font:10px system-ui,sans-serif}section{padding:8px 10px}
.row{display:flex;flex-wrap:wrap;gap:6px;margin:4px 0}figure{margin:0;text-align:center}
img{display:block;margin:auto}figcaption{margin-top:2px}
</style>${panel('#ffffff', '#334155')}${panel('#0f172a', '#cbd5e1')}`

// eslint-disable-next-line no-console -- a command-line preview, its output is the page
console.log(html)
