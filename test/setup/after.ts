// tap --after: stop what before.ts started.
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { stopTestServer, type TestServer } from './test-server.ts'
import { STATE_FILE } from './state.ts'

if (existsSync(STATE_FILE)) {
  const server = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as TestServer
  await stopTestServer(server)
  rmSync(STATE_FILE)
}
