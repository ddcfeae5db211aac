/**
 * How each server's protocol looks on a plain `ws` client, so one load generator drives all
 * three at the same client cost. Socket.IO is spoken at the Engine.IO v4 level (`40`, `42[…]`,
 * ping `2` → pong `3`) instead of through socket.io-client, whose per-message overhead would
 * make the client side the bottleneck rather than the server.
 *
 * A payload is `~step:sendTimeMicros~` plus optional padding; the worker finds it in the
 * received bytes by its `~`, whatever the envelope around it.
 */
/** What an adapter needs of a connection. */
export interface Sender {
  send(text: string): void
}

export type AdapterKind = 'chatty' | 'ws' | 'socketio'

export interface Adapter {
  url(base: string, room: string, name: string): string
  /** Called on each frame until it returns true: the member can now send and receive chat. */
  handshake(ws: Sender, text: string, room: string, name: string): boolean
  /** First frame(s) after the socket opens; `join`: extra fields of Chatty's join frame. */
  open(ws: Sender, room: string, name: string, join?: Record<string, unknown>): void
  encode(payload: string): string
  /** A frame worth counting: a member left, or the server refused a frame (Chatty only). */
  notice(text: string): 'leave' | 'refused' | null
  /** Answers protocol keepalives; true when the frame was one. */
  control(ws: Sender, text: string): boolean
}

const chatty: Adapter = {
  url: (base, room) => `${base.replace(/^http/, 'ws')}/ws/${room}`,
  open: (ws, _room, name, join) =>
    ws.send(JSON.stringify({ type: 'join', sender: name, avatar: '', ...join })),
  // `joined` then `history`; live frames only follow `history`.
  handshake: (_ws, text) => text.includes('"type":"history"'),
  encode: (payload) => `{"content":"${payload}"}`,
  notice: (text) =>
    text.includes('"event":"leave"') ? 'leave' : text.includes('"type":"error"') ? 'refused' : null,
  control: () => false,
}

const bareWs: Adapter = {
  url: (base, room, name) => `${base.replace(/^http/, 'ws')}/ws/${room}?name=${name}`,
  open: () => {},
  handshake: (_ws, text) => text.includes('"type":"joined"'),
  encode: (payload) => `{"content":"${payload}"}`,
  notice: () => null,
  control: () => false,
}

const socketio: Adapter = {
  url: (base) => `${base.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`,
  open: () => {},
  handshake: (ws, text, room) => {
    if (text.startsWith('0{')) ws.send('40')
    else if (text.startsWith('40')) ws.send(`42["join","${room}"]`)
    else if (text.startsWith('42["joined"')) return true
    return false
  },
  encode: (payload) => `42["chat","${payload}"]`,
  notice: () => null,
  control: (ws, text) => {
    if (text !== '2') return false
    ws.send('3')
    return true
  },
}

export const ADAPTERS: Record<AdapterKind, Adapter> = { chatty, ws: bareWs, socketio }
