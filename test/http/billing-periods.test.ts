// Billing periods come from the tenant's calendar and never overlap (issue 9
// §2): a run started mid-period, a Gregorian start for a Solar Hijri tenant
// and a period that shares days with a billed one are refused and write
// nothing, by the API and by the database's exclusion constraint; an account
// opened inside a period is billed for its days only.
import t from 'tap'
import { v7 as uuidv7 } from 'uuid'
import { bearer, addTenant } from '../helpers/app.ts'
import { testClock } from '../helpers/clock.ts'
import { addAccounts, addSettlementData, billingTest } from '../app/billing/fixture.ts'
import { startBillRun } from '../../src/app/billing/bill-runs.ts'
import { periodNamed, periodContaining } from '../../src/core/shared/billing-periods.ts'

const { app, db, tenant, drain } = await billingTest(t)
await addSettlementData(db, tenant.id)
const acc = await addAccounts(db, tenant.id)
const ir = await addTenant(db, 'Rural water', { currency: 'IRR', minorUnits: 0, timeZone: 'Asia/Tehran', calendar: 'solar_hijri', locale: 'fa-IR', billingPeriodMonths: 2 })
await addSettlementData(db, ir.id)
await addAccounts(db, ir.id, 'I')

const post = (payload: unknown, key = tenant.keys.admin) => app.inject({ method: 'POST', url: '/v1/bill-runs', headers: bearer(key), payload: payload as object })
const counts = async () => {
  const [runs, bills, entries] = await Promise.all(['billRuns', 'bills', 'ledgerEntries'].map((table) =>
    db.selectFrom(table as 'bills').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()))
  return { runs: runs!.n, bills: bills!.n, entries: entries!.n }
}

t.test('the core names periods the tenant\'s way', async (t) => {
  const ru = { calendar: 'gregorian' as const, months: 1 }
  const fa = { calendar: 'solar_hijri' as const, months: 2 }
  t.match(periodNamed(ru, '2026-10'), { start: '2026-10-01', end: '2026-11-01', index: 10 })
  t.equal(periodNamed(ru, '2026-13'), undefined)
  // 1397/01/01 – 1397/02/31: Ordibehesht's 31st day is in the period (two Solar Hijri months, 62 days)
  t.match(periodNamed(fa, '1397-1'), { name: '1397-1', start: '2018-03-21', end: '2018-05-22' })
  t.match(periodNamed(fa, '1405-3'), { start: '2026-07-23', end: '2026-09-23' })
  t.match(periodContaining(fa, '2026-09-01'), { name: '1405-3' })
  // 1405-6 (Bahman–Esfand) ends where 1406 begins: Esfand's 29 or 30 days are all in it
  t.equal(periodNamed(fa, '1405-6')!.end, periodNamed(fa, '1406-1')!.start)
  t.equal(periodNamed(fa, '1405-7'), undefined)
  // periods tile the years: every period ends where the next begins, over 30 Solar Hijri years
  let p = periodNamed(fa, '1390-1')!
  let gaps = 0
  for (let i = 0; i < 180; i++) {
    const q = periodContaining(fa, p.end)
    if (q.start !== p.end || q.name === p.name) gaps++
    p = q
  }
  t.equal(gaps, 0)
})

t.test('October by name, then a start inside October: refused, nothing written', async (t) => {
  const start = await post({ period: '2026-10' })
  t.equal(start.statusCode, 202, start.body)
  t.match(start.json(), { period: '2026-10', periodStart: '2026-10-01', periodEnd: '2026-11-01' })
  await drain()
  const before = await counts()
  const mid = await post({ periodStart: '2026-10-15' })
  t.equal(mid.statusCode, 422)
  t.equal(mid.headers['content-type'], 'application/problem+json; charset=utf-8')
  t.match(mid.json(), { code: 'invalid_period', detail: /2026-10-15 is not the first day .* falls in 2026-10 \(2026-10-01 – 2026-10-31\).* 2026-10-01 .* 2026-11-01/ })
  t.match((await post({ periodStart: '2026-10-10' })).json(), { code: 'invalid_period' })
  t.match((await post({ period: '2026-13' })).json(), { status: 422, code: 'invalid_period', detail: /named YYYY-MM/ })
  t.equal((await post({ period: '2026-10', periodStart: '2026-10-01' })).statusCode, 400, 'one of the two, not both')
  t.equal((await post({})).statusCode, 400)
  t.same(await counts(), before, 'no run, bill or ledger entry written')
})

t.test('a completed run keeps its rate', async (t) => {
  const run = (await db.selectFrom('billRuns').select('billRunId').where('tenantId', '=', tenant.id).executeTakeFirstOrThrow()).billRunId
  const dto = (await app.inject({ method: 'GET', url: `/v1/bill-runs/${run}`, headers: bearer(tenant.keys.readonly) })).json()
  t.match(dto, { status: 'completed', etaSeconds: 0 })
  t.ok(dto.ratePerSecond > 0, `ratePerSecond ${dto.ratePerSecond}`)
})

t.test('the Iranian tenant: Solar Hijri two-month periods only', async (t) => {
  const before = await counts()
  const greg = await post({ periodStart: '2026-09-01' }, ir.keys.admin)
  t.equal(greg.statusCode, 422)
  t.match(greg.json(), { code: 'invalid_period', detail: /falls in 1405-3 \(2026-07-23 – 2026-09-22\)/ })
  t.match((await post({ period: '2026-10' }, ir.keys.admin)).json(), { code: 'invalid_period', detail: /Solar Hijri 2-month periods, named YYYY-N/ })
  t.same(await counts(), before)
  const ok = await post({ period: '1405-3' }, ir.keys.admin)
  t.equal(ok.statusCode, 202, ok.body)
  t.match(ok.json(), { period: '1405-3', periodStart: '2026-07-23', periodEnd: '2026-09-23' })
  const byStart = await post({ periodStart: '2026-07-23' }, ir.keys.admin)
  t.equal(byStart.statusCode, 202, 'its first day names it too (the same run, resumed)')
  t.equal(byStart.json().id, ok.json().id)
  await drain()
  const bill = await db.selectFrom('bills').select(['periodStart', 'periodEnd']).where('tenantId', '=', ir.id).executeTakeFirstOrThrow()
  t.same(bill, { periodStart: '2026-07-23', periodEnd: '2026-09-23' })
})

t.test('GraphQL names the period too', async (t) => {
  const gql = (query: string) => app.inject({ method: 'POST', url: '/graphql', headers: bearer(ir.keys.admin), payload: { query } })
  const bad = (await gql('mutation { startBillRun(periodStart: "2026-09-01") { id } }')).json()
  t.equal(bad.errors[0].extensions.code, 'invalid_period')
  const good = (await gql('mutation { startBillRun(period: "1405-3") { period periodStart periodEnd } }')).json()
  t.same(good.data.startBillRun, { period: '1405-3', periodStart: '2026-07-23', periodEnd: '2026-09-23' })
})

t.test('a period that shares days with a billed one: refused by the API and by the database', async (t) => {
  // The tenant moves to two-month periods: September–October would bill October again.
  await db.updateTable('tenants').set({ billingPeriodMonths: 2 }).where('tenantId', '=', tenant.id).execute()
  t.teardown(() => db.updateTable('tenants').set({ billingPeriodMonths: 1 }).where('tenantId', '=', tenant.id).execute())
  const before = await counts()
  const clash = await post({ period: '2026-5' })
  t.equal(clash.statusCode, 409, clash.body)
  t.match(clash.json(), { code: 'period_overlaps', detail: /2026-09-01 – 2026-10-31 shares days with the period 2026-10-01 – 2026-10-31/ })
  t.same(await counts(), before)

  // Whatever the code path: a regular bill over overlapping days cannot be stored.
  const billed = await db.selectFrom('bills').selectAll().where('tenantId', '=', tenant.id).where('accountId', '=', acc.metered).executeTakeFirstOrThrow()
  const { amountDue: _generated, ...row } = billed
  const overlapping = { ...row, billId: uuidv7(), number: 'X-1', periodStart: '2026-10-15', periodEnd: '2026-11-15' }
  await t.rejects(db.insertInto('bills').values(overlapping).execute(), { code: '23P01', constraint: 'bills_regular_no_overlap' })
  // a correction of the same period is not a regular bill: allowed
  await t.resolves(db.transaction().execute(async (trx) => {
    await trx.insertInto('bills').values({ ...overlapping, kind: 'correction', correctsBillId: billed.billId }).execute()
    throw new Error('rollback')
  }).catch((e) => { if ((e as Error).message !== 'rollback') throw e }))
  // the next month touches October without sharing a day
  await t.resolves(db.transaction().execute(async (trx) => {
    await trx.insertInto('bills').values({ ...overlapping, periodStart: '2026-11-01', periodEnd: '2026-12-01' }).execute()
    throw new Error('rollback')
  }).catch((e) => { if ((e as Error).message !== 'rollback') throw e }))
})

t.test('an account opened inside the period is billed for its days only', async (t) => {
  const late = await addTenant(db, 'Late opener')
  await addSettlementData(db, late.id)
  const a = await addAccounts(db, late.id, 'L')
  // the normative account (4 residents) opened on 16 October: 16 of 31 days
  await db.updateTable('accounts').set({ openedOn: '2026-10-16' }).where('tenantId', '=', late.id).where('accountId', '=', a.normative).execute()
  // the metered one closed from 21 October on
  await db.updateTable('accounts').set({ closedOn: '2026-10-21' }).where('tenantId', '=', late.id).where('accountId', '=', a.metered).execute()
  await startBillRun(db, late.id, { period: '2026-10' }, testClock)
  await drain()
  const lines = async (accountId: string) => {
    const bill = await db.selectFrom('bills').select('billId').where('tenantId', '=', late.id).where('accountId', '=', accountId).executeTakeFirstOrThrow()
    return db.selectFrom('billLines').select(['intervalFrom', 'intervalTo', 'amount']).where('tenantId', '=', late.id).where('billId', '=', bill.billId).orderBy('lineNo').execute()
  }
  const opened = await lines(a.normative)
  t.ok(opened.length > 0)
  for (const l of opened) t.same([l.intervalFrom, l.intervalTo], ['2026-10-16', '2026-11-01'], 'from the opening day')
  const closed = await lines(a.metered)
  for (const l of closed) t.same([l.intervalFrom, l.intervalTo], ['2026-10-01', '2026-10-21'], 'to the closing day')
})
