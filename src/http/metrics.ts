// Prometheus metrics at GET /metrics (prom-client): HTTP latency per route
// pattern, the pg pool, readings accepted/flagged/rejected, payments posted,
// bill-run progress, the per-process caches (listener up, consumption answers
// remembered, hits and misses), and the process's own (CPU, memory, event-loop lag, GC).
//
// prom-client, not a hand-written exposition: it keeps the text format, the
// histogram buckets and the default process/Node metrics right. One Registry
// per app (no global state: tests build many apps in one process).
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { sql } from 'kysely'
import type pg from 'pg'
import { timingSafeEqual } from 'node:crypto'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { Db } from '../db/database.ts'
import { unauthorized } from '../app/errors.ts'
import { changeListenerLive } from '../db/change-listener.ts'
import { consumptionCacheOf } from '../app/consumption/answer-cache.ts'

export interface MetricsOptions {
  db: Db
  /** the app's pg pool, for pool gauges (absent: no pool gauges) */
  pool?: pg.Pool
  /** when set, /metrics needs Authorization: Bearer <token> */
  token?: string
  /** collect process/Node default metrics (off in tests that build many apps) */
  defaultMetrics?: boolean
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: Registry
  }
}

const READING_ROUTES = new Set(['/v1/readings', '/v1/readings/bulk'])
const COUNTED_VERDICTS = new Set(['accepted', 'flagged', 'rejected'])
const PAYMENT_ROUTES = new Set(['/v1/payments', '/v1/payments/bulk'])

export const metricsPlugin = fp(async (app: FastifyInstance, opts: MetricsOptions) => {
  const registry = new Registry()
  app.decorate('metrics', registry)
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'aqualedger_' })

  const httpDuration = new Histogram({
    name: 'aqualedger_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern (not the raw URL) and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  })
  const readings = new Counter({
    name: 'aqualedger_readings_total', help: 'readings decided over REST, by status (accepted, flagged, rejected)',
    labelNames: ['status'] as const, registers: [registry],
  })
  const payments = new Counter({ name: 'aqualedger_payments_posted_total', help: 'payments posted over REST (created, not replays)', registers: [registry] })
  for (const status of ['accepted', 'flagged', 'rejected']) readings.inc({ status }, 0)
  payments.inc(0)

  const pool = opts.pool
  if (pool) {
    new Gauge({ name: 'aqualedger_db_pool_connections', help: 'pg pool connections: total, idle', labelNames: ['state'] as const, registers: [registry],
      collect() { this.set({ state: 'total' }, pool.totalCount); this.set({ state: 'idle' }, pool.idleCount) } })
    new Gauge({ name: 'aqualedger_db_pool_waiting', help: 'queries waiting for a pg pool connection', registers: [registry],
      collect() { this.set(pool.waitingCount) } })
  }
  // The per-process caches (issue 10, 12): whether they hear changes, and how the consumption answers fare.
  new Gauge({ name: 'aqualedger_change_listener_up', help: '1 while the LISTEN connection the caches rely on is up (API keys, customer principals and consumption answers are remembered only then)',
    registers: [registry], collect() { this.set(changeListenerLive(opts.db) ? 1 : 0) } })
  const answers = consumptionCacheOf(opts.db)
  new Gauge({ name: 'aqualedger_consumption_cache_entries', help: 'consumption answers remembered in this process', registers: [registry],
    collect() { this.set(answers.size) } })
  new Counter({ name: 'aqualedger_consumption_cache_lookups_total', help: 'consumption answers asked while remembering: hit (served from memory) or miss (computed)',
    labelNames: ['result'] as const, registers: [registry],
    collect() { this.reset(); this.inc({ result: 'hit' }, answers.hits); this.inc({ result: 'miss' }, answers.misses) } })
  // Bill runs: read at scrape time from bill_runs (one row per run: a small table) and the active runs' chunks.
  const runs = new Gauge({ name: 'aqualedger_bill_runs', help: 'bill runs by status', labelNames: ['status'] as const, registers: [registry] })
  const accounts = new Gauge({ name: 'aqualedger_bill_run_accounts', help: 'accounts of queued and running bill runs: total, done, failed',
    labelNames: ['state'] as const, registers: [registry] })
  const scrapeRuns = async () => {
    try {
      const rows = await sql<{ status: string; runs: string; total: string | null; done: string | null; failed: string | null }>`
        select r.status, count(*) as runs,
          sum(r.total) filter (where r.status in ('queued', 'running')) as total,
          sum(c.done) filter (where r.status in ('queued', 'running')) as done,
          sum(c.failed) filter (where r.status in ('queued', 'running')) as failed
        from bill_runs r
        -- a run's progress is in its chunk rows until it ends (src/app/billing/run-progress.ts)
        left join lateral (select sum(billed + skipped) as done, sum(failed) as failed from bill_run_chunks k
          where k.tenant_id = r.tenant_id and k.bill_run_id = r.bill_run_id and k.status = 'done' and r.status in ('queued', 'running')) c on true
        group by r.status`.execute(opts.db)
      runs.reset(); accounts.reset()
      const sum = { total: 0, done: 0, failed: 0 }
      for (const r of rows.rows) {
        runs.set({ status: r.status }, Number(r.runs))
        sum.total += Number(r.total ?? 0); sum.done += Number(r.done ?? 0); sum.failed += Number(r.failed ?? 0)
      }
      for (const [state, v] of Object.entries(sum)) accounts.set({ state }, v)
    } catch { /* database down: the gauges keep their last values; readiness says why */ }
  }

  // Latency: per route pattern, from Fastify's own timer (reply.elapsedTime). A
  // callback hook, not async: it runs on every reply.
  // The labelled child is looked up in a Map by one string, not found by
  // prom-client's hashing of the label object on every observation.
  const children = new Map<string, ReturnType<typeof httpDuration.labels>>()
  app.addHook('onResponse', (request: FastifyRequest, reply: FastifyReply, done: () => void) => {
    const route = request.routeOptions.url ?? 'unmatched'
    const key = `${request.method} ${reply.statusCode} ${route}`
    let child = children.get(key)
    if (!child) children.set(key, child = httpDuration.labels({ method: request.method, route, status_code: reply.statusCode }))
    child.observe(reply.elapsedTime / 1000)
    done()
  })
  // Domain counters from the answers of the intake routes, hooked on those routes only.
  // preSerialization sees the answer as the object the handler returned, before
  // it becomes JSON: a bulk upload's answer is ~10 MB (a verdict a row), and
  // parsing it back in onSend only to read its counts cost as much as
  // serializing it (bench:readings).
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = ([] as string[]).concat(route.method)
    if (!methods.includes('POST')) return
    const counter = READING_ROUTES.has(route.url) ? 'readings' : PAYMENT_ROUTES.has(route.url) ? 'payments' : undefined
    if (!counter) return
    const hook = (_req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, p: unknown) => void) => {
      const body = reply.statusCode < 300 && typeof payload === 'object' && payload !== null && !Array.isArray(payload) ? payload as any : undefined
      if (body && counter === 'readings') {
        if (body.counts) for (const status of ['accepted', 'flagged', 'rejected']) { const n = body.counts[status]; if (n > 0) readings.inc({ status }, n) }
        // one reading answers { verdict, reading }; a duplicate added nothing
        else if (reply.statusCode === 201 && COUNTED_VERDICTS.has(body.verdict)) readings.inc({ status: body.verdict })
      } else if (body && counter === 'payments') {
        if (body.counts) { if (body.counts.created > 0) payments.inc(body.counts.created) }
        else if (reply.statusCode === 201) payments.inc()
      }
      done(null, payload)
    }
    route.preSerialization = route.preSerialization ? ([] as any[]).concat(route.preSerialization, hook) : [hook]
  })

  const expected = opts.token ? Buffer.from(`Bearer ${opts.token}`) : undefined
  app.get('/metrics', { logLevel: 'warn' }, async (request, reply) => {
    if (expected) {
      const given = Buffer.from(request.headers.authorization ?? '')
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw unauthorized()
    }
    await scrapeRuns()
    return reply.type(registry.contentType).send(await registry.metrics())
  })
}, { name: 'aqualedger-metrics' })
