// Events of a date passing: meter.verification_due and account.debt_overdue,
// each told once however often the scan runs.
import t from 'tap'
import { fixedClock } from '../../../src/app/clock.ts'
import { emitScheduledNotices } from '../../../src/app/events/scheduled-notices.ts'
import { bearer } from '../../helpers/app.ts'
import { addAccounts, addSettlementData, billingTest } from '../billing/fixture.ts'

const { app, db, tenant, other, drain } = await billingTest(t)
await addSettlementData(db, tenant.id)
await addAccounts(db, tenant.id)

const eventsOf = (type: string, tenantId = tenant.id) => db.selectFrom('events').select(['objectId', 'payload']).where('tenantId', '=', tenantId)
  .where('type', '=', type).orderBy('seq').execute()

t.test('open bills past their due date tell account.debt_overdue once each', async (t) => {
  const start = await app.inject({ method: 'POST', url: '/v1/bill-runs', headers: bearer(tenant.keys.admin), payload: { period: '2026-10' } })
  t.equal(start.statusCode, 202, start.body)
  await drain()
  const bills = await db.selectFrom('bills').select(['billId', 'accountId', 'dueOn']).where('tenantId', '=', tenant.id).execute()
  t.ok(bills.length > 0)
  const dueOn = bills[0]!.dueOn
  await emitScheduledNotices(db, fixedClock(`${dueOn}T12:00:00Z`))
  t.same(await eventsOf('account.debt_overdue'), [], 'not on the due date itself')
  const later = fixedClock('2027-02-01T12:00:00Z')
  await emitScheduledNotices(db, later)
  const told = await eventsOf('account.debt_overdue')
  t.equal(told.length, bills.length, 'one per open bill')
  t.match(told[0], { payload: { dueOn, currency: 'RUB', asOf: '2027-02-01' } })
  t.same(new Set(told.map((e) => e.payload.billId)), new Set(bills.map((b) => b.billId)))
  await emitScheduledNotices(db, later)
  t.equal((await eventsOf('account.debt_overdue')).length, bills.length, 'a second scan tells nothing new')
  t.same(await eventsOf('account.debt_overdue', other.id), [], 'nothing for another tenant')
})

t.test('a meter whose verification date has come tells meter.verification_due, again only for a new date', async (t) => {
  const meter = await db.selectFrom('meters').select(['meterId']).where('tenantId', '=', tenant.id).executeTakeFirstOrThrow()
  await db.updateTable('meters').set({ verificationDue: '2026-11-20' }).where('tenantId', '=', tenant.id).where('meterId', '=', meter.meterId).execute()
  await emitScheduledNotices(db, fixedClock('2026-11-19T12:00:00Z'))
  t.same(await eventsOf('meter.verification_due'), [])
  await emitScheduledNotices(db, fixedClock('2026-11-20T12:00:00Z'))
  await emitScheduledNotices(db, fixedClock('2026-11-21T12:00:00Z'))
  t.match(await eventsOf('meter.verification_due'), [{ objectId: meter.meterId, payload: { verificationDue: '2026-11-20', asOf: '2026-11-20' } }])
  await db.updateTable('meters').set({ verificationDue: '2026-11-30' }).where('tenantId', '=', tenant.id).where('meterId', '=', meter.meterId).execute()
  await emitScheduledNotices(db, fixedClock('2026-12-01T12:00:00Z'))
  t.same((await eventsOf('meter.verification_due')).map((e) => e.payload.verificationDue), ['2026-11-20', '2026-11-30'])
})

t.test('an account that joins the disconnection candidates tells disconnection.candidate once while it stays', async (t) => {
  const asOf = '2027-02-01'
  const listed = (await app.inject({ method: 'GET', url: `/v1/disconnection-candidates?asOf=${asOf}`, headers: bearer(tenant.keys.admin) })).json()
  const expected = listed.items.flatMap((c: { accountId: string; reasons: { code: string }[] }) => c.reasons.map((r) => `${c.accountId} ${r.code}`)).sort()
  t.ok(expected.length > 0, `the fixture has candidates on ${asOf} (${expected.length})`)
  const count = async () => (await eventsOf('disconnection.candidate')).length
  await emitScheduledNotices(db, fixedClock(`${asOf}T12:00:00Z`))
  const notices = async () => (await db.selectFrom('scheduledNotices' as never).select(['objectId', 'noticeKey'] as never).where('tenantId' as never, '=', tenant.id as never)
    .where('kind' as never, '=', 'disconnection.candidate' as never).execute() as { objectId: string; noticeKey: string }[]).map((n) => `${n.objectId} ${n.noticeKey}`).sort()
  t.same(await notices(), expected, 'what was told mirrors the list')
  const told = (await eventsOf('disconnection.candidate')).map((e) => `${e.objectId} ${e.payload.reason}`)
  t.ok(expected.every((e: string) => told.includes(e)), 'every candidate was told (the scans of the test before, on other days, may have told some)')
  const before = await count()
  await emitScheduledNotices(db, fixedClock(`${asOf}T13:00:00Z`))
  t.equal(await count(), before, 'a second scan tells nothing')

  // one leaves the list (closed before the periods) and comes back: told again
  const [first] = expected[0]!.split(' ')
  await db.updateTable('accounts').set({ closedOn: '2026-06-01' }).where('tenantId', '=', tenant.id).where('accountId', '=', first!).execute()
  await emitScheduledNotices(db, fixedClock(`${asOf}T14:00:00Z`))
  const left = !(await notices()).some((n) => n.startsWith(`${first} `))
  await db.updateTable('accounts').set({ closedOn: null }).where('tenantId', '=', tenant.id).where('accountId', '=', first!).execute()
  await emitScheduledNotices(db, fixedClock(`${asOf}T15:00:00Z`))
  t.equal(await count(), before + (left ? 1 : 0), left ? 'left and came back: told again' : 'still listed while closed: nothing new')
})
