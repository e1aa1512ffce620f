// A TCP port nobody listens on right now (127.0.0.1), for the servers and
// Postgres clusters the tests start themselves.
import { createServer } from 'node:net'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.listen(0, '127.0.0.1', () => { const p = (srv.address() as { port: number }).port; srv.close(() => resolve(p)) })
    srv.on('error', reject)
  })
}
