// Issue 9 §7: security headers, CORS, rate limits, metrics, GraphiQL served
// from npm packages, the docs' relative server. Real app over a real database.
import { testClock } from '../helpers/clock.ts'
import t from 'tap'
import { buildApp } from '../../src/app.ts'
import { addTenant, bearer, testApp } from '../helpers/app.ts'
import { testDatabase } from '../helpers/database.ts'
import { VENDOR_PREFIX } from '../../src/http/graphiql-assets.ts'

const BASE_CONFIG = { LOG_LEVEL: 'silent' as const, BODY_LIMIT_BYTES: 1_048_576, BULK_BODY_LIMIT_BYTES: 256 * 1_048_576 }

const { app, tenant } = await testApp(t)

t.test('security headers on every response: pages get a CSP for their own scripts, the API one that allows nothing', async (t) => {
  for (const url of ['/health/live', '/v1/tenant', '/nowhere', '/openapi.yaml', '/docs', '/docs/static/index.html', '/graphiql', '/graphiql/main.js']) {
    const page = url.startsWith('/docs') || url.startsWith('/graphiql')
    const r = await app.inject({ method: 'GET', url, headers: bearer(tenant.keys.readonly) })
    t.equal(r.headers['x-content-type-options'], 'nosniff', `${url} nosniff`)
    t.match(r.headers['strict-transport-security'], /max-age=\d+/, `${url} HSTS`)
    if (page) t.equal(r.headers['referrer-policy'], 'no-referrer', `${url} referrer policy`)
    if (page) t.equal(r.headers['x-frame-options'], 'SAMEORIGIN', `${url} frame options`)
    const csp = String(r.headers['content-security-policy'])
    t.match(csp, page ? /default-src 'self';.*script-src 'self'/ : /^default-src 'none';frame-ancestors 'none'$/, `${url} CSP: ${csp}`)
    t.notMatch(csp, /unpkg|https:|unsafe-eval/, `${url} CSP names no other origin`)
    t.notMatch(csp, /upgrade-insecure-requests/, 'plain-HTTP deployments keep working')
    if (!page) t.same(Object.keys(r.headers).filter((h) => /^(x-xss|x-frame|referrer|cross-origin|origin-agent|x-dns|x-download|x-permitted)/.test(h)), [], `${url}: no page-only headers`)
  }
})

t.test('GraphiQL loads nothing from a CDN: its React/GraphiQL bundles come from npm packages', async (t) => {
  const main = await app.inject({ method: 'GET', url: '/graphiql/main.js' })
  t.equal(main.statusCode, 200)
  t.notMatch(main.body, /unpkg\.com/)
  const urls = [...main.body.matchAll(new RegExp(`${VENDOR_PREFIX.replaceAll('/', '\\/')}[\\w.-]+`, 'g'))].map((m) => m[0])
  t.ok(urls.length >= 4, `main.js loads ${urls.join(', ')}`)
  const sw = await app.inject({ method: 'GET', url: '/graphiql/sw.js' })
  t.notMatch(sw.body, /unpkg\.com/)
  for (const url of new Set(urls)) {
    const r = await app.inject({ method: 'GET', url })
    t.equal(r.statusCode, 200, url)
    t.ok(r.body.length > 1000, `${url} has content (${r.body.length} bytes)`)
    t.match(r.headers['content-type'], url.endsWith('.css') ? /text\/css/ : /javascript/)
  }
})

t.test('the docs UI targets the server it is served from', async (t) => {
  const r = await app.inject({ method: 'GET', url: '/openapi.yaml' })
  t.notMatch(r.body, /127\.0\.0\.1:3000/)
  t.match(r.body, /servers:\n\s+- url: \//)
})

t.test('Prometheus metrics: latency per route pattern, pool, readings, payments, bill runs', async (t) => {
  await app.inject({ method: 'GET', url: '/v1/tenant', headers: bearer(tenant.keys.readonly) })
  await app.inject({ method: 'GET', url: `/v1/accounts/${crypto.randomUUID()}/balance`, headers: bearer(tenant.keys.readonly) })
  const r = await app.inject({ method: 'GET', url: '/metrics' })
  t.equal(r.statusCode, 200)
  t.match(r.headers['content-type'], /text\/plain/)
  t.match(r.body, /aqualedger_http_request_duration_seconds_bucket\{le="[\d.]+",method="GET",route="\/v1\/tenant",status_code="200"\}/)
  t.match(r.body, /route="\/v1\/accounts\/:id\/balance",status_code="404"/, 'the route pattern, not the URL')
  t.notMatch(r.body, /route="\/v1\/accounts\/[0-9a-f]{8}-/)
  t.match(r.body, /aqualedger_readings_total\{status="accepted"\} 0/)
  t.match(r.body, /aqualedger_payments_posted_total 0/)
  t.match(r.body, /aqualedger_bill_runs|aqualedger_bill_run_accounts\{state="total"\} 0/)
  t.match(r.body, /aqualedger_process_cpu_seconds_total/)
})

t.test('metrics: a token when configured, off when disabled; pool gauges when given the pool', async (t) => {
  const { db } = await testDatabase(t)
  const guarded = await buildApp({ db, clock: testClock, config: { ...BASE_CONFIG, METRICS_TOKEN: 'a-token-of-sixteen-chars' } })
  t.teardown(() => guarded.close())
  t.equal((await guarded.inject({ method: 'GET', url: '/metrics' })).statusCode, 401)
  t.equal((await guarded.inject({ method: 'GET', url: '/metrics', headers: bearer('wrong') })).statusCode, 401)
  t.equal((await guarded.inject({ method: 'GET', url: '/metrics', headers: bearer('a-token-of-sixteen-chars') })).statusCode, 200)
  const off = await buildApp({ db, clock: testClock, config: { ...BASE_CONFIG, METRICS_ENABLED: false } })
  t.teardown(() => off.close())
  t.equal((await off.inject({ method: 'GET', url: '/metrics' })).statusCode, 404)
})

t.test('CORS: off by default, the configured origins when set', async (t) => {
  const preflight = { method: 'OPTIONS' as const, url: '/v1/tenant', headers: { origin: 'https://portal.example', 'access-control-request-method': 'GET' } }
  const none = await app.inject(preflight)
  t.equal(none.headers['access-control-allow-origin'], undefined, 'no CORS headers by default')
  const { db } = await testDatabase(t)
  const withCors = await buildApp({ db, clock: testClock, config: { ...BASE_CONFIG, CORS_ORIGINS: 'https://portal.example, https://other.example' } })
  t.teardown(() => withCors.close())
  const ok = await withCors.inject(preflight)
  t.equal(ok.statusCode, 204)
  t.equal(ok.headers['access-control-allow-origin'], 'https://portal.example')
  t.match(String(ok.headers['access-control-allow-headers']), /authorization/)
  const foreign = await withCors.inject({ ...preflight, headers: { ...preflight.headers, origin: 'https://evil.example' } })
  t.equal(foreign.headers['access-control-allow-origin'], undefined)
})

t.test('failed authentication is rate limited per client address: 429 problem+json with Retry-After', async (t) => {
  const { db } = await testDatabase(t)
  const limited = await buildApp({ db, clock: testClock, config: { ...BASE_CONFIG, RATE_LIMIT_AUTH_FAILURES: 5 } })
  t.teardown(() => limited.close())
  const good = await addTenant(db)
  const statuses: number[] = []
  for (let i = 0; i < 20; i++) {
    statuses.push((await limited.inject({ method: 'GET', url: '/v1/tenant', headers: bearer(`aql_bad_${i}`), remoteAddress: '10.1.1.1' })).statusCode)
  }
  t.same(statuses.slice(0, 5), [401, 401, 401, 401, 401])
  t.ok(statuses.slice(6).every((s) => s === 429), `then 429s: ${statuses.join(' ')}`)
  const r = await limited.inject({ method: 'GET', url: '/v1/tenant', headers: bearer(good.keys.readonly), remoteAddress: '10.1.1.1' })
  t.equal(r.statusCode, 429, 'the address is blocked for the rest of the window, a valid key too')
  t.equal(r.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.equal(r.json().code, 'rate_limited')
  t.ok(Number(r.headers['retry-after']) >= 1 && Number(r.headers['retry-after']) <= 60, `retry-after ${r.headers['retry-after']}`)
  const other = await limited.inject({ method: 'GET', url: '/v1/tenant', headers: bearer(good.keys.readonly), remoteAddress: '10.2.2.2' })
  t.equal(other.statusCode, 200, 'other addresses are not affected')
})

t.test('costly routes are rate limited per API key', async (t) => {
  const { db } = await testDatabase(t)
  const limited = await buildApp({ db, clock: testClock, config: { ...BASE_CONFIG, RATE_LIMIT_COSTLY: 3 } })
  t.teardown(() => limited.close())
  const a = await addTenant(db)
  const b = await addTenant(db, 'B')
  const exportOnce = (key: string) => limited.inject({ method: 'GET', url: '/v1/exports/bills?period=2026-10-01&format=csv', headers: bearer(key) })
  const statuses: number[] = []
  for (let i = 0; i < 5; i++) statuses.push((await exportOnce(a.keys.admin)).statusCode)
  t.not(statuses[0], 429)
  t.same(statuses.slice(3), [429, 429], `statuses ${statuses.join(' ')}`)
  const r = await exportOnce(a.keys.admin)
  t.equal(r.json().code, 'rate_limited')
  t.ok(r.headers['retry-after'])
  t.equal(r.headers['x-ratelimit-limit'], '3')
  t.not((await exportOnce(b.keys.admin)).statusCode, 429, 'another key has its own budget')
  const cheap = await limited.inject({ method: 'GET', url: '/v1/tenant', headers: bearer(a.keys.admin) })
  t.equal(cheap.statusCode, 200, 'other routes are not limited')
  t.equal(cheap.headers['x-ratelimit-limit'], undefined)
})

t.test('health probes log at debug, not info', async (t) => {
  const { db } = await testDatabase(t)
  const { PassThrough } = await import('node:stream')
  const lines = async (level: 'info' | 'debug') => {
    const stream = new PassThrough()
    const got: string[] = []
    stream.on('data', (d: Buffer) => got.push(...d.toString().split('\n').filter(Boolean)))
    const logged = await buildApp({ db, clock: testClock, logStream: stream, config: { ...BASE_CONFIG, LOG_LEVEL: level } })
    await logged.inject({ method: 'GET', url: '/health/live' })
    await logged.inject({ method: 'GET', url: '/health/ready' })
    await logged.close()
    return got.map((l) => JSON.parse(l) as { level: number; msg: string; url?: string })
  }
  const info = await lines('info')
  t.same(info.filter((l) => l.msg !== 'Server listening at'), [], 'nothing at info')
  const debug = await lines('debug')
  t.equal(debug.filter((l) => l.msg === 'health probe' && l.level === 20).length, 2, 'one debug line per probe')
})
