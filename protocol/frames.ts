/**
 * The Chatty wire protocol, as the web app and the server import it: every frame that
 * crosses `/ws/{room_id}` (JSON text) and the protocol's constants.
 *
 * Server frames carry both `type` (what the web app switches on) and, where the
 * original Chatty protocol had one, the special `sender` (`__system__`, `__user_list__`,
 * `__typing__`) so that clients of the original protocol keep working.
 *
 * The types are derived from the TypeBox schemas in `schemas.ts` and re-exported here as
 * types only: importing this module at run time brings the constants and no validator.
 */
export * from './codes.js'
export type {
  ClientChat,
  ClientFrame,
  ClientJoin,
  ClientLimits,
  ClientRemove,
  ClientRename,
  ClientUpload,
  ClientFile,
  MessageFile,
  UploadReadyFrame,
  ClientDelete,
  ClientEdit,
  ClientReact,
  ClientRoomSettings,
  Reaction,
  DeletedFrame,
  EditedFrame,
  ReactionsFrame,
  CreatedRoom,
  ErrorFrame,
  HistoryFrame,
  JoinedFrame,
  Member,
  MemberRemovedFrame,
  RenamedFrame,
  PublicConfig,
  MessageFrame,
  ReplyQuote,
  RoomClosedFrame,
  RoomInfo,
  RoomStateFrame,
  ServerFrame,
  StoredFrame,
  SystemFrame,
  TypingFrame,
  UsersFrame,
  InvitationFrame,
  InvitationsFrame,
  OpenInvitation,
  InvitationStatus,
  AccessCheckBody,
  ClientInvite,
  ClientRevokeInvitation,
  ClientInvitationOnly,
} from './schemas.js'
