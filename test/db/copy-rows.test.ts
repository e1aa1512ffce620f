// copyRows writes text values through COPY exactly: tabs, newlines, carriage
// returns and backslashes are escaped, null stays null, and an empty string
// is not null.
import t from 'tap'
import { sql, type Transaction } from 'kysely'
import { copyField, copyRows } from '../../src/db/copy-rows.ts'
import { rawClientOf } from '../../src/db/raw-client.ts'
import type { DB } from '../../src/db/schema.ts'
import { testDatabase } from '../helpers/database.ts'

t.equal(copyField(null), '\\N')
t.equal(copyField('a\tb\nc\\d\re'), 'a\\tb\\nc\\\\d\\re')
t.equal(copyField('plain'), 'plain')

t.test('round trip through a real table inside a transaction', async (t) => {
  const { db } = await testDatabase(t)
  await sql`create table copy_probe (id int, v text, j jsonb)`.execute(db)
  const values = ['tab\there', 'line\nbreak', 'back\\slash', 'cr\rlf', '', '\\N', 'кириллица и فارسی']
  await db.transaction().execute(async (trx) => {
    const client = await rawClientOf(trx as Transaction<DB>)
    t.ok(client, 'the transaction reaches its pg client')
    await copyRows(client!, 'copy_probe', ['id', 'v', 'j'], [
      ...values.map((v, i) => [String(i), v, JSON.stringify({ v })]),
      [String(values.length), null, null],
    ])
  })
  const { rows } = await sql<{ id: number; v: string | null; j: { v: string } | null }>`select id, v, j from copy_probe order by id`.execute(db)
  t.same(rows.map((r) => r.v), [...values, null])
  t.same(rows.map((r) => r.j?.v ?? null), [...values, null], 'JSON with escapes survives as jsonb')
})
