/** The JSON body of every HTTP error (`ErrorBodySchema`), for the REST routes and the socket route's 426. */
import { STATUS_CODES } from 'node:http'
import type { ErrorBody } from '../../protocol/schemas.js'

export function errorBody(statusCode: number, message: string): ErrorBody {
  return { statusCode, error: STATUS_CODES[statusCode] ?? 'Error', message }
}
