// tap --before: start the test Postgres once, migrate a template database,
// and leave the address in a state file for the test files and the after-script.
import { mkdirSync, writeFileSync } from 'node:fs'
import pg from 'pg'
import { createDb, createPool } from '../../src/db/database.ts'
import { migrateToLatest } from '../../src/db/migrate.ts'
import { startTestServer } from './test-server.ts'
import { STATE_FILE, TEMPLATE_DB, withDatabase } from './state.ts'

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
mkdirSync('.tap', { recursive: true })
writeFileSync(STATE_FILE, JSON.stringify(server))
console.log(`# test Postgres: ${server.kind}`)
