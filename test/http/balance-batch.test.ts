// The balance under concurrency (turn-batch.ts): requests answered together
// share queries, and each still gets exactly what it gets alone: its own
// account's figures, 404 for another tenant's account or a missing one, the
// settled answer for an account without entries, upper-case ids as lower.
import t from 'tap'
import { randomUUID } from 'node:crypto'
import { bearer, testApp } from '../helpers/app.ts'
import { insertBill, monthBill, newAccount } from './ledger-fixtures.ts'

const { app, db, tenant, other } = await testApp(t)

t.test('concurrent balances: each its own, as alone', async (t) => {
  const mine: string[] = []
  for (let i = 0; i < 5; i++) {
    const a = await newAccount(app, tenant.keys.accounting)
    if (i < 4) await insertBill(db, tenant.id, a, monthBill(`BB-${i}`, '2026-09', `${100 + i}.5`))
    mine.push(a)
  }
  const theirs = await newAccount(app, other.keys.accounting)
  await insertBill(db, other.id, theirs, monthBill('BO-1', '2026-09', '77.70'))

  const asks: [key: string, id: string][] = [
    ...mine.map((id) => [tenant.keys.portal, id] as [string, string]),
    [tenant.keys.portal, theirs], // another tenant's account: 404, never its figures
    [other.keys.portal, theirs],
    [other.keys.portal, mine[0]!],
    [tenant.keys.portal, randomUUID()],
    [tenant.keys.portal, mine[1]!.toUpperCase()],
    [tenant.keys.portal, mine[2]!], // the same account twice in one batch
  ]
  const ask = ([key, id]: [string, string]) => app.inject({ method: 'GET', url: `/v1/accounts/${id}/balance`, headers: bearer(key) })
  const alone = []
  for (const a of asks) alone.push(await ask(a))
  const together = await Promise.all(asks.map(ask))
  const view = (r: Awaited<ReturnType<typeof ask>>) => { const b = r.json(); delete b.requestId; delete b.asOf; return [r.statusCode, b] }
  t.same(together.map(view), alone.map(view))
  t.same(alone.map((r) => r.statusCode), [200, 200, 200, 200, 200, 404, 200, 404, 404, 200, 200])
  t.match(alone[0]!.json(), { accountId: mine[0], balance: '100.50', position: 'debt', lastBill: { number: 'BB-0' } })
  t.match(alone[4]!.json(), { accountId: mine[4], balance: '0.00', position: 'settled', lastBill: null })
  t.match(alone[6]!.json(), { accountId: theirs, balance: '77.70' })
  t.match(alone[9]!.json(), { accountId: mine[1], balance: '101.50' })
})
