// Properties of bill composition over random tariffs, volumes and periods.
import t from 'tap'
import fc from 'fast-check'
import { composeBill } from '../../../src/core/bill/compose-bill.ts'
import type { ComposeBillInput } from '../../../src/core/bill/compose-bill.ts'
import { IRR, RUB } from '../../../src/core/bill/money-policy.ts'
import { Big } from '../../helpers/big.ts'
import { addDays } from '../../../src/core/shared/dates.ts'
import { compileSchedule } from '../../../src/core/tariff/compile-schedule.ts'
import type { TariffVersion, VolumePrice } from '../../../src/core/tariff/types.ts'

const dec = (maxUnits: number, places: number) =>
  fc.tuple(fc.integer({ min: 0, max: maxUnits }), fc.integer({ min: 0, max: 10 ** places - 1 }))
    .map(([i, f]) => (places === 0 ? String(i) : `${i}.${String(f).padStart(places, '0')}`))

const priceArb: fc.Arbitrary<VolumePrice> = fc.oneof(
  dec(100, 2).map((rate) => ({ shape: 'flat' as const, rate })),
  fc.tuple(dec(50, 2), dec(50, 2), dec(20, 0)).map(([r1, r2, cut]) => ({
    shape: 'stepped' as const,
    tables: [{ appliesUpTo: null, bands: [{ from: '0', to: String(Number(cut) + 1), rate: r1 }, { from: String(Number(cut) + 1), to: null, rate: r2 }] }],
  })),
)

const scenario = fc.record({
  price1: priceArb,
  price2: priceArb,
  fee: dec(500, 2),
  proRata: fc.boolean(),
  surcharge: dec(50, 1),
  tax: dec(30, 0),
  days: fc.integer({ min: 1, max: 62 }),
  changeAt: fc.integer({ min: 0, max: 62 }),
  volumes: fc.array(fc.tuple(dec(200, 3), fc.integer({ min: 0, max: 62 }), fc.integer({ min: 1, max: 62 })), { maxLength: 3 }),
  units: fc.integer({ min: 1, max: 4 }),
  irr: fc.boolean(),
  previousCarry: fc.integer({ min: 0, max: 999 }),
  debt: dec(10_000, 0),
})

type Scenario = typeof scenario extends fc.Arbitrary<infer T> ? T : never

function build(s: Scenario): ComposeBillInput {
  const start = '2024-01-01'
  const end = addDays(start, s.days)
  const change = addDays(start, Math.min(s.changeAt, s.days))
  const version = (id: string, from: string, to: string | null, price: VolumePrice): TariffVersion => ({
    id, service: 'water', usage: 'residential', from, to,
    volume: { line: 'water_price', price },
    fixedFees: [{ line: 'fee', amount: s.fee, per: 'connection', proRata: s.proRata }],
    surcharges: [{ line: 'project', percent: s.surcharge, of: ['water_price'] }],
    taxes: [{ line: 'tax', percent: s.tax, of: ['water_price', 'fee', 'project'] }],
    costPricePerM3: '99',
  })
  const versions = change === start
    ? [version('v2', '2023-01-01', null, s.price2)]
    : [version('v1', '2023-01-01', change, s.price1), version('v2', change, null, s.price2)]
  const volumes = s.volumes.map(([volume, a, len]) => {
    const from = Math.min(a, s.days - 1)
    const to = Math.min(from + len, s.days)
    return { service: 'water', method: 'metered', interval: { from: addDays(start, from), to: addDays(start, to) }, volume }
  })
  return {
    period: { from: start, to: end }, servicePoint: { usage: 'residential', units: s.units }, services: ['water'],
    volumes, schedule: compileSchedule({ versions }), policy: s.irr ? IRR : RUB,
    previousCarry: s.irr ? String(s.previousCarry) : '0', debt: s.debt,
  }
}

const sum = (xs: string[]) => xs.reduce((a, x) => a.plus(x), new Big(0))

t.test('lines sum to the totals; nothing negative for non-negative inputs', async (t) => {
  fc.assert(fc.property(scenario, (s) => {
    const bill = composeBill(build(s))
    const charges = bill.lines.filter((l) => l.kind !== 'info' && l.kind !== 'rounding')
    const counted = bill.lines.filter((l) => l.kind !== 'info')
    const ok = sum(charges.map((l) => l.amount)).eq(bill.totals.charges) &&
      sum(counted.map((l) => l.amount)).eq(bill.totals.currentBill) &&
      new Big(bill.totals.currentBill).plus(bill.totals.debt).eq(bill.totals.payable) &&
      charges.every((l) => new Big(l.amount).gte(0)) &&
      new Big(bill.totals.payable).gte(0) && new Big(bill.totals.carry).gte(0)
    return ok
  }), { numRuns: 300 })
  t.pass()
})

t.test('volume is conserved across tariff splits', async (t) => {
  fc.assert(fc.property(scenario, (s) => {
    const input = build(s)
    const bill = composeBill(input)
    const billed = sum(bill.lines.filter((l) => l.kind === 'volume').map((l) => l.volume ?? '0'))
    return billed.eq(sum(input.volumes.map((v) => v.volume)))
  }), { numRuns: 300 })
  t.pass()
})

t.test('same input, same output', async (t) => {
  fc.assert(fc.property(scenario, (s) => {
    return JSON.stringify(composeBill(build(s))) === JSON.stringify(composeBill(build(s)))
  }), { numRuns: 100 })
  t.pass()
})

t.test('IRR rounding carry conserves money over consecutive bills', async (t) => {
  fc.assert(fc.property(fc.array(scenario, { minLength: 1, maxLength: 8 }), (bills) => {
    let carry = '0'
    let payables = new Big(0)
    let charges = new Big(0)
    for (const s of bills) {
      const bill = composeBill({ ...build({ ...s, irr: true }), previousCarry: carry, debt: '0' })
      if (!new Big(bill.totals.payable).mod(1000).eq(0)) return false
      payables = payables.plus(bill.totals.payable)
      charges = charges.plus(bill.totals.charges)
      carry = bill.totals.carry
    }
    return payables.plus(carry).eq(charges)
  }), { numRuns: 200 })
  t.pass()
})
