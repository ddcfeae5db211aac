import type { Component } from 'vue'
import type { LookupState } from '../../composables/useRoomLookup'
import type { RoomPhase } from '../../lib/room-phase'
import type { AccessGate } from '../../composables/useAccessGates'
import MissingKeyPage from './MissingKeyPage.vue'
import WrongKeyPage from './WrongKeyPage.vue'
import RoomNotFoundPage from './RoomNotFoundPage.vue'

/**
 * What the room's address shows: a phase of the session, what the lookup before it found
 * (no key or the wrong one, another tab of this browser in the room, locked to this browser or locked to a
 * browser that was inside), or that this tab handed its place to another one.
 */
export type ShownPhase =
  RoomPhase | 'missing-key' | 'wrong-key' | 'other-tab' | 'locked-member' | 'moved' | AccessGate

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
  /**
   * Instead of the usual "new room" and "back home": a new room alone, trying again, or one
   * step of this page's own (`label`, and `busy` while it is under way), with the way home.
   */
  actions?: 'new-room' | 'retry' | PageStep
}

export interface PageStep {
  label: string
  busy: string
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
  'wrong-key': { title: 'Link with the wrong key', component: WrongKeyPage },
  // An accident, not the room's end: the conversation stays in view, read-only, with
  // RoomLostPanel's last chances in place of the message box.
  lost: { title: 'Room lost' },
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
  'closed-by-you': {
    title: 'Room closed',
    status: {
      heading: 'You ended this room',
      icon: '🧹',
      paragraphs: [
        {
          text: 'It and every message in it have been deleted for good, for everyone who was in it.',
          testId: 'room-closed-by-you',
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
  'locked-member': {
    title: 'Room locked',
    status: {
      heading: 'This room is locked',
      icon: '🔒',
      testId: 'room-locked-member',
      paragraphs: [
        { text: 'The host has locked this room, so nobody new can join.' },
        {
          text: 'You were in it from this browser: if you left less than two minutes ago, you can still come back in.',
          spaced: true,
        },
      ],
      actions: { label: 'Rejoin', busy: 'Rejoining…' },
    },
  },
  'other-tab': {
    title: 'Open in another tab',
    status: {
      heading: 'You are in this room in another tab',
      icon: '📑',
      testId: 'other-tab',
      paragraphs: [
        {
          text: 'This browser is already in this room, in another tab. Continue here instead: the other tab steps aside, and you stay the same person in the room, with nobody seeing you leave or join.',
        },
      ],
      actions: { label: 'Continue here', busy: 'Moving here…' },
    },
  },
  moved: {
    title: 'Continued in another tab',
    status: {
      heading: 'You continued in another tab',
      icon: '📑',
      testId: 'moved-tab',
      paragraphs: [
        {
          text: 'This room is open in another tab of this browser now. Carry on there, or bring it back to this tab.',
        },
      ],
      actions: { label: 'Use here', busy: 'Moving here…' },
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
  // The password prompt (PasswordPage) is drawn by the room view: it has a form.
  password: { title: 'Password needed' },
  'password-refused': {
    title: 'Password needed',
    status: {
      heading: 'This room needs its password',
      icon: '🔑',
      paragraphs: [{ text: ({ pageError }) => pageError, testId: 'password-refused' }],
      actions: 'retry',
    },
  },
  invitation: {
    title: 'Invitation',
    status: {
      heading: 'You are invited',
      icon: '✉️',
      testId: 'invitation',
      paragraphs: [
        {
          text: 'This link is an invitation for one person: it lets you into this Chatty room, once.',
        },
        {
          text: 'Opening the link did not use it. Accept it to come in; after that it lets nobody else in.',
          spaced: true,
        },
      ],
      actions: { label: 'Accept the invitation', busy: 'Opening…' },
    },
  },
  'invitation-used': {
    title: 'Invitation used',
    status: {
      heading: 'This invitation was used',
      icon: '✉️',
      paragraphs: [
        {
          text: 'It let one person into the room, once, and that has happened. If that was not you, ask whoever sent it for an invitation of your own.',
          testId: 'invitation-used',
        },
      ],
    },
  },
  'invitation-revoked': {
    title: 'Invitation revoked',
    status: {
      heading: 'This invitation was revoked',
      icon: '✉️',
      paragraphs: [
        {
          text: 'The host took it back before anyone used it. Ask them for a new one.',
          testId: 'invitation-revoked',
        },
      ],
    },
  },
  'invitation-invalid': {
    title: 'Invitation not valid',
    status: {
      heading: 'This invitation is not valid',
      icon: '✉️',
      paragraphs: [
        {
          text: 'This room has no such invitation: the link may have been cut short or copied wrongly. Ask whoever sent it to send it again.',
          testId: 'invitation-invalid',
        },
      ],
    },
  },
  'invitation-only': {
    title: 'Invitation only',
    status: {
      heading: 'This room takes invitations only',
      icon: '✉️',
      paragraphs: [
        {
          text: 'The host has made this room invitation only, so its link alone does not let anyone new in. Ask the host for an invitation of your own.',
          testId: 'invitation-only',
        },
      ],
    },
  },
  'not-invited': {
    title: 'Invitation needed',
    status: {
      heading: 'You cannot come in with this link',
      icon: '✉️',
      paragraphs: [{ text: ({ pageError }) => pageError, testId: 'not-invited' }],
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
 * session to speak of, nor when another tab has it or a lock keeps this browser out; an
 * ending of the session outranks the handing of its place to another tab and a failed
 * lookup, and these a room still being entered.
 */
export function shownPhase(lookup: LookupState, phase: RoomPhase, moved = false): ShownPhase {
  if (lookup === 'not-found' || phase === 'not-found') return 'not-found'
  if (lookup === 'missing-key' || lookup === 'wrong-key' || lookup === 'other-tab') return lookup
  if (lookup === 'locked' || lookup === 'locked-member') return lookup
  if (lookup === 'password' || lookup.startsWith('invitation')) return lookup as ShownPhase
  if (moved && !PHASE_PAGES[phase].status) return 'moved'
  if (lookup === 'error' && !PHASE_PAGES[phase].status) return 'error'
  return phase
}
