/** OpenAPI at `/docs` (JSON at `/docs/json`): the REST routes from their schemas, and the WebSocket protocol built from its schemas. */
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { ErrorBodySchema, RoomInfoSchema } from '../../../protocol/schemas.js'
import { OperatorSettingsSchema } from '../config-schema.js'
import { protocolDescription } from './protocol-docs.js'

export const docs = fp(async function docs(app: FastifyInstance) {
  app.addSchema(RoomInfoSchema)
  app.addSchema(ErrorBodySchema)
  // The operator's `CHATTY_*` variables, with defaults and bounds (components.schemas.Settings).
  app.addSchema(OperatorSettingsSchema)
  await app.register(swagger, {
    openapi: {
      info: { title: 'Chatty', version: '1.0.0', description: protocolDescription() },
      tags: [
        { name: 'rooms', description: 'Create and inspect rooms' },
        { name: 'chat', description: 'The chat WebSocket' },
        { name: 'health', description: 'Liveness and readiness' },
      ],
    },
  })
  await app.register(swaggerUi, { routePrefix: '/docs' })
})
