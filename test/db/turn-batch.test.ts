// turn-batch.ts: reads of one turn of the event loop share one query per Db
// and group; each caller gets its own key's row; transactions read alone.
import t from 'tap'
import type { Db } from '../../src/db/database.ts'
import { turnBatch } from '../../src/db/turn-batch.ts'

const dbA = { isTransaction: false } as Db
const dbB = { isTransaction: false } as Db
const trx = { isTransaction: true } as Db

function counted(fail?: Error) {
  const calls: { kind: 'one' | 'many'; group: string; keys: string[] }[] = []
  const rowOf = (group: string, key: string) => (key.startsWith('missing') ? undefined : `${group}/${key}`)
  const read = turnBatch<string>({
    max: 3,
    one: async (_db, group, key) => { calls.push({ kind: 'one', group, keys: [key] }); if (fail) throw fail; return rowOf(group, key) },
    many: async (_db, group, keys) => {
      calls.push({ kind: 'many', group, keys })
      if (fail) throw fail
      return new Map(keys.flatMap((k) => { const r = rowOf(group, k); return r === undefined ? [] : [[k, r] as [string, string]] }))
    },
  })
  return { calls, read }
}

t.test('one turn, one query per Db and group; each caller its own row', async (t) => {
  const { calls, read } = counted()
  const got = await Promise.all([read(dbA, 't1', 'a'), read(dbA, 't1', 'b'), read(dbA, 't2', 'a'), read(dbB, 't1', 'c'), read(dbA, 't1', 'missing-1'), read(dbA, 't1', 'a')])
  t.same(got, ['t1/a', 't1/b', 't2/a', 't1/c', undefined, 't1/a'])
  t.same(calls.map((c) => [c.kind, c.group, c.keys.length]).sort(), [['many', 't1', 3], ['one', 't1', 1], ['one', 't2', 1]].sort(),
    'tenant t1 of Db A in one query (duplicate keys asked once); the other group and Db alone')
})

t.test('more keys than max: several queries', async (t) => {
  const { calls, read } = counted()
  const keys = ['k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7']
  t.same(await Promise.all(keys.map((k) => read(dbA, 'g', k))), keys.map((k) => `g/${k}`))
  t.same(calls.map((c) => c.keys.length), [3, 3, 1])
})

t.test('reads of different turns are not held together', async (t) => {
  const { calls, read } = counted()
  t.equal(await read(dbA, 'g', 'x'), 'g/x')
  t.equal(await read(dbA, 'g', 'y'), 'g/y')
  t.same(calls.map((c) => c.kind), ['one', 'one'])
})

t.test('a transaction reads alone, at once', async (t) => {
  const { calls, read } = counted()
  t.same(await Promise.all([read(trx, 'g', 'a'), read(trx, 'g', 'b')]), ['g/a', 'g/b'])
  t.same(calls.map((c) => c.kind), ['one', 'one'])
})

t.test('a failed query fails every read of its batch, and only those', async (t) => {
  const boom = new Error('database down')
  const { read } = counted(boom)
  const results = await Promise.allSettled([read(dbA, 'g', 'a'), read(dbA, 'g', 'b')])
  t.same(results.map((r) => r.status === 'rejected' && r.reason), [boom, boom])
  const ok = counted()
  t.equal(await ok.read(dbA, 'g', 'a'), 'g/a')
})
