// npm run migrate: apply the migrations to the configured database and exit
// (DATABASE_URL, else the embedded Postgres under DATA_DIR, as npm start).
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/app/demo/cli.ts'
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
