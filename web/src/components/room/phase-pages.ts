import type { Component } from 'vue'
import type { LookupState } from '../../composables/useRoomLookup'
import type { RoomPhase } from '../../lib/room-phase'
import MissingKeyPage from './MissingKeyPage.vue'
import RoomNotFoundPage from './RoomNotFoundPage.vue'

/** What the room's address shows: a phase of the session, or what the lookup before it found. */
export type ShownPhase = RoomPhase | 'missing-key'

/** The server's or the lookup's own words, for the pages that show them. */
export interface PageReasons {
  pageError: string
  lookupError: string
}

export interface StatusParagraph {
  text: string | ((reasons: PageReasons) => string)
  testId?: string
  /** Set apart from the paragraph before it. */
  spaced?: boolean
}

/** A full page in place of the room, drawn by RoomStatusPage. */
export interface StatusText {
  heading: string
  icon: string
  /** On the whole page. */
  testId?: string
  paragraphs: StatusParagraph[]
  /** Instead of the usual "new room" and "back home": a new room alone, or trying again. */
  actions?: 'new-room' | 'retry'
}

export interface PhasePage {
  /** The tab's title: "<title> — Chatty", after the count of unread messages. */
  title: string
  /** None of these two: the room itself. */
  status?: StatusText
  /** A page of its own, for words that need more than plain paragraphs. */
  component?: Component
}

const IN_THE_ROOM: PhasePage = { title: 'Room' }

// The browser tests (e2e/) find these pages by heading and test id, and read the tab title:
// change any of them there too.
export const PHASE_PAGES: Record<ShownPhase, PhasePage> = {
  name: IN_THE_ROOM,
  joining: IN_THE_ROOM,
  ready: IN_THE_ROOM,
  // The room stays in view, under RoomExpiredOverlay.
  expired: { title: 'Room expired' },
  // Its words name how long rooms live on this server, which it asks for.
  'not-found': { title: 'Room not found', component: RoomNotFoundPage },
  'missing-key': { title: 'Link without its key', component: MissingKeyPage },
  ended: {
    title: 'Room ended',
    status: {
      heading: 'This room has ended',
      icon: '🔌',
      testId: 'room-ended',
      paragraphs: [
        {
          text: 'The chat server restarted, and this room ended with it: rooms live only in the server’s memory, so its messages are gone. Nothing is wrong with your link.',
        },
        { text: 'Start a new room and share its link to carry on.', spaced: true },
      ],
    },
  },
  full: {
    title: 'Room full',
    status: {
      heading: 'This room is full',
      icon: '🚪',
      paragraphs: [
        {
          text: ({ pageError }) =>
            pageError || 'Everyone who fits is already here. Try again later.',
          testId: 'room-full',
        },
        { text: 'You can also start a room of your own.' },
      ],
      actions: 'new-room',
    },
  },
  closed: {
    title: 'Room closed',
    status: {
      heading: 'This room was closed by its host',
      icon: '🧹',
      paragraphs: [
        {
          text: 'The host ended the room early. It and every message in it have been deleted for good.',
          testId: 'room-closed',
        },
      ],
    },
  },
  locked: {
    title: 'Room locked',
    status: {
      heading: 'This room is locked',
      icon: '🔒',
      paragraphs: [
        {
          text: 'The host has locked this room, so nobody new can join. Ask them to unlock it, or start a room of your own.',
          testId: 'room-locked',
        },
      ],
    },
  },
  removed: {
    title: 'Removed from the room',
    status: {
      heading: 'You were removed from this room',
      icon: '🚫',
      paragraphs: [
        {
          text: 'The host removed you. You cannot rejoin this room from this browser until it ends.',
          testId: 'room-removed',
        },
      ],
    },
  },
  error: {
    title: 'Can’t open this room',
    status: {
      heading: 'Can’t open this room',
      icon: '📡',
      paragraphs: [{ text: ({ pageError, lookupError }) => pageError || lookupError }],
      actions: 'retry',
    },
  },
}

/**
 * Which row of the table the room's address shows. Without a room or its key there is no
 * session to speak of; an ending of the session outranks a failed lookup, and a failed
 * lookup a room still being entered.
 */
export function shownPhase(lookup: LookupState, phase: RoomPhase): ShownPhase {
  if (lookup === 'not-found' || phase === 'not-found') return 'not-found'
  if (lookup === 'missing-key') return 'missing-key'
  if (lookup === 'error' && !PHASE_PAGES[phase].status) return 'error'
  return phase
}
