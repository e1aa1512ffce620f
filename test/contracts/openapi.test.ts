// The contract files are what the server serves, and they match the code.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import { parse } from 'yaml'
import { renderOpenApi } from '../../scripts/generate-openapi.ts'
import { OPENAPI_PATH } from '../../src/contract-files.ts'
import { openApiPath } from '../../src/http/route.ts'
import { testApp } from '../helpers/app.ts'

const { app } = await testApp(t)
const committed = readFileSync(OPENAPI_PATH, 'utf8')

t.test('openapi.yaml is what the route declarations generate (run `npm run openapi` after changing a route)', async (t) => {
  t.equal(renderOpenApi(), committed)
})

t.test('the server serves the committed file', async (t) => {
  const r = await app.inject({ method: 'GET', url: '/openapi.yaml' })
  t.equal(r.statusCode, 200)
  t.equal(r.body, committed)
  const docs = await app.inject({ method: 'GET', url: '/docs/' })
  t.equal(docs.statusCode, 200, 'a docs UI')
})

t.test('every served route is documented, and every documented operation is served', async (t) => {
  const doc = parse(committed)
  const documented = new Set<string>()
  for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
    for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`)
  }
  const served = new Set(app.registeredRoutes
    .filter((r) => r.url.startsWith('/v1/') || r.url.startsWith('/health/') || r.url.startsWith('/.well-known/'))
    .filter((r) => r.method !== 'HEAD')
    .map((r) => `${r.method} ${openApiPath(r.url)}`))
  t.same([...served].filter((x) => !documented.has(x)), [], 'undocumented routes')
  t.same([...documented].filter((x) => !served.has(x)), [], 'documented but not served')
})

t.test('openapi.yaml is lint-clean (Redocly, recommended rules)', async (t) => {
  const out = execFileSync('node_modules/.bin/redocly', ['lint', 'openapi.yaml', '--format', 'summary'], { encoding: 'utf8', stdio: 'pipe' })
  t.notMatch(out, /error/i, out)
})
