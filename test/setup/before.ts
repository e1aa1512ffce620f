// tap --before: start the test Postgres once, migrate a template database,
// and leave the address in a state file for the test files and the after-script.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import pg from 'pg'
import { createDb, createPool } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { startTestServer, stopTestServer, type TestServer } from './test-server.ts'
import { STATE_FILE, TEMPLATE_DB, withDatabase } from './state.ts'

// A run that was killed (Ctrl-C, a timeout) never ran its after-script:
// stop the servers of runs whose tap process is gone.
mkdirSync('.tap', { recursive: true })
for (const name of readdirSync('.tap').filter((n) => /^test-db-\d+\.json$/.test(n))) {
  const pid = Number(name.slice(8, -5))
  try { process.kill(pid, 0); continue } catch { /* that run is gone */ }
  const file = path.join('.tap', name)
  try { await stopTestServer(JSON.parse(readFileSync(file, 'utf8')) as TestServer) } catch { /* already stopped */ }
  rmSync(file, { force: true })
}

const server = await startTestServer()
const admin = new pg.Client({ connectionString: server.url })
await admin.connect()
await admin.query(`drop database if exists ${TEMPLATE_DB}`)
await admin.query(`create database ${TEMPLATE_DB}`)
await admin.end()
const pool = createPool(withDatabase(server.url, TEMPLATE_DB), 2)
const db = createDb(pool)
await migrateToLatest(db)
await db.destroy()
writeFileSync(STATE_FILE, JSON.stringify(server))
console.log(`# test Postgres: ${server.kind}`)
