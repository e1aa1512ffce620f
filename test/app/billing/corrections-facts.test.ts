// Corrections from changed facts other than readings (issue 4 §2,
// volume-methods.md "the utility recalculates for the period since the
// change"): residents reported late, and a coefficient recorded after the
// period was billed. The normative account has 4 residents, norm 6.36 m³,
// K 1.5 and 20.28 RUB/m³: 515.92 + 257.96 a month.
import t from 'tap'
import { Big } from '../../helpers/big.ts'
import { setResidents } from '../../../src/app/service-points/residents.ts'
import { createCoefficient } from '../../../src/app/settlement-data/coefficients.ts'
import { addAccounts, addSettlementData, billingTest } from './fixture.ts'
import { billOf, billPeriod } from './corrections-fixture.ts'

const { db, tenant, drain } = await billingTest(t)
await addSettlementData(db, tenant.id)
const acc = await addAccounts(db, tenant.id)
const { servicePointId } = await db.selectFrom('servicePoints').select('servicePointId')
  .where('tenantId', '=', tenant.id).where('accountId', '=', acc.normative).executeTakeFirstOrThrow()

const adjustmentsFor = (lines: { kind: string; correctsPeriodStart: string | null; amount: string }[], period: string) =>
  lines.filter((l) => l.kind === 'adjustment' && l.correctsPeriodStart === period)
const total = (lines: { amount: string }[]) => lines.reduce((s, l) => s.plus(l.amount), new Big(0)).toFixed(2)

t.test('a change of residents reported after the period was billed is recalculated in the next bill', async (t) => {
  await billPeriod(db, tenant.id, '2026-09-01', '2026-10-01', drain)
  const sept = (await billOf(db, tenant.id, acc.normative, '2026-09-01'))!
  t.equal(sept.bill.charges, '773.88')
  const before = JSON.stringify(sept)

  await setResidents(db, tenant.id, servicePointId, { effectiveFrom: '2026-09-01', residents: 5 })
  await billPeriod(db, tenant.id, '2026-10-01', '2026-11-01', drain)
  const oct = (await billOf(db, tenant.id, acc.normative, '2026-10-01'))!
  const adj = adjustmentsFor(oct.lines, '2026-09-01')
  t.ok(adj.length > 0, 'October carries adjustments for September')
  // 5 residents: 644.90 + 322.45 = 967.35 against 773.88 billed
  t.equal(total(adj), '193.47')
  t.match(JSON.stringify(adj.map((l: any) => l.trace)), /residents 5 from 2026-09-01/, 'the trace names the change')
  t.equal(total(oct.lines.filter((l) => l.kind !== 'adjustment')), '967.35', 'October itself with 5 residents')
  t.equal(JSON.stringify(await billOf(db, tenant.id, acc.normative, '2026-09-01')), before, 'September\'s bill is unchanged')
})

t.test('a coefficient recorded after October was billed reprices October once', async (t) => {
  await createCoefficient(db, tenant.id, { resource: 'cold_water', validFrom: '2026-10-01', value: '3' })
  await billPeriod(db, tenant.id, '2026-11-01', '2026-12-01', drain)
  const nov = (await billOf(db, tenant.id, acc.normative, '2026-11-01'))!
  // October's surcharge with K 3: 5 × 6.36 × 2 × 20.28 = 1289.81 against 322.45
  t.equal(total(adjustmentsFor(nov.lines, '2026-10-01')), '967.36')
  t.equal(adjustmentsFor(nov.lines, '2026-09-01').length, 0, 'September is not touched: K 3 starts in October')

  await billPeriod(db, tenant.id, '2026-12-01', '2027-01-01', drain)
  const dec = (await billOf(db, tenant.id, acc.normative, '2026-12-01'))!
  t.equal(dec.lines.filter((l) => l.kind === 'adjustment').length, 0, 'the next run corrects nothing again')
})

t.test('the metered account saw none of it: its facts did not change', async (t) => {
  const nov = (await billOf(db, tenant.id, acc.metered, '2026-11-01'))
  t.equal(nov?.lines.filter((l) => l.kind === 'adjustment').length ?? 0, 0)
})
