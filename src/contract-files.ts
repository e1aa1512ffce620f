// Where the contract files live: served as they are, pinned by tests.
import { fileURLToPath } from 'node:url'

export const OPENAPI_PATH = fileURLToPath(new URL('../openapi.yaml', import.meta.url))
export const GRAPHQL_SDL_PATH = fileURLToPath(new URL('../schema.graphql', import.meta.url))
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url))
