// A fresh database per test file, cloned from the migrated template: tests
// are isolated at the database and need no cleanup between files.
import { readFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { createDb, createPool, type Db } from '../../src/db/database.ts'
import { STATE_FILE, TEMPLATE_DB, withDatabase } from '../setup/state.ts'
import type { TestServer } from '../setup/test-server.ts'

export interface TestDatabase {
  db: Db
  url: string
  name: string
}

interface Tap { teardown(fn: () => Promise<void> | void): void }

export async function testDatabase(t: Tap): Promise<TestDatabase> {
  const server = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as TestServer
  const name = `t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: server.url })
  await admin.connect()
  await admin.query(`create database ${name} template ${TEMPLATE_DB}`)
  await admin.end()
  const url = withDatabase(server.url, name)
  const db = createDb(createPool(url, 5))
  t.teardown(async () => {
    await db.destroy()
    const c = new pg.Client({ connectionString: server.url })
    await c.connect()
    await c.query(`drop database if exists ${name} with (force)`)
    await c.end()
  })
  return { db, url, name }
}
