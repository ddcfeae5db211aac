export * from './frames.js'
export * from './limits.js'
export * from './avatars.js'
export * from './envelope.js'
