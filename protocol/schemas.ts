/**
 * The wire protocol as TypeBox schemas: the one source of every frame's shape. The
 * server validates client frames with them, `/docs` describes frames from them, and the
 * frame types (`frames.ts`) are derived from them with `Static`.
 *
 * Server-only at run time: the web app imports these types with `import type` (through
 * `frames.ts`), so its bundle carries no validator.
 *
 * Order of events for a connection:
 *   client `join` → server `joined` → server `history` (once, possibly empty)
 *   → live `message` / `system` / `users` / `typing` frames, in room order.
 * Every `message` and `system` frame has an `id`: a positive integer, strictly
 * increasing within the room, the same for every member.
 */
export * from './schemas/client.js'
export * from './schemas/server.js'
export * from './schemas/rest.js'
export * from './schemas/access.js'
