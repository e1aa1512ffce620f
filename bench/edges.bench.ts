// What the security headers, rate-limit hooks and metrics cost a request
// (issue 9 §7: at most 5% of the balance route). The same small JSON route
// over real HTTP on loopback, bare and with the app's security and metrics
// plugins, in rounds that alternate between the two; the figure is CPU time
// of this process (server and client) per request, best round of each, so
// the load of a shared machine weighs as little as possible.
// Set it against bench:balance's CPU per request (2 cores / its req/s).
// Run: npm run bench:edges   (BENCH_REQUESTS per round, BENCH_ROUNDS)
import Fastify from 'fastify'
import http from 'node:http'
import { SECURITY_DEFAULTS, securityPlugin } from '../src/http/security.ts'
import { metricsPlugin } from '../src/http/metrics.ts'
import type { Db } from '../src/db/database.ts'

const N = Number(process.env.BENCH_REQUESTS ?? 4000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10)

async function server(plugins: { security?: boolean; metrics?: boolean }): Promise<number> {
  const app = Fastify()
  if (plugins.security) await app.register(securityPlugin, SECURITY_DEFAULTS)
  // the database is only read at scrape time, which this bench never asks for
  if (plugins.metrics) await app.register(metricsPlugin, { db: {} as Db })
  app.get('/v1/accounts/:id/balance', async () => ({ accountId: 'x', currency: 'RUB', balance: '1234.56', position: 'debt' }))
  await app.listen({ port: 0, host: '127.0.0.1' })
  return (app.server.address() as { port: number }).port
}

const variants = { bare: await server({}), security: await server({ security: true }), metrics: await server({ metrics: true }), both: await server({ security: true, metrics: true }) }
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })
const get = (port: number, i: number) => new Promise<void>((resolve, reject) =>
  http.get({ host: '127.0.0.1', port, path: `/v1/accounts/${i}/balance`, agent, headers: { authorization: 'Bearer x' } }, (r) => { r.resume(); r.on('end', () => resolve()) }).on('error', reject))

const best: Record<string, number> = {}
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, port] of Object.entries(variants)) {
    const t0 = process.cpuUsage()
    let i = 0
    await Promise.all(Array.from({ length: 8 }, async () => { while (i < N) await get(port, i++) }))
    const c = process.cpuUsage(t0)
    if (round > 0) best[name] = Math.min(best[name] ?? Infinity, (c.user + c.system) / N) // round 0 warms up
  }
}
console.log(`${N} requests a round, ${ROUNDS - 1} rounds, 8 in flight, node ${process.version}; CPU µs per request (server + client), best round`)
for (const [name, us] of Object.entries(best)) console.log(`${name.padEnd(9)} ${us.toFixed(1).padStart(6)} µs   +${(us - best.bare!).toFixed(1)} µs over bare`)
process.exit(0)
