// Golden cases (shared/golden/cases.json) through the price side of the core:
// connection fees and bill composition directly; the capacity, normative and
// metered amounts priced from the volumes the cases state (the volume side
// checks those volumes in golden-volumes.test.ts).
import t from 'tap'
import { readFileSync } from 'node:fs'
import { composeBill } from '../../src/core/bill/compose-bill.ts'
import { connectionFees } from '../../src/core/bill/connection-fees.ts'
import type { ConnectionFeeInput } from '../../src/core/bill/connection-fees.ts'
import { iranCharges } from '../../src/core/bill/iran-charges.ts'
import { RUB } from '../../src/core/bill/money-policy.ts'
import { Big, roundTo } from '../helpers/big.ts'
import { compileSchedule } from '../../src/core/tariff/compile-schedule.ts'
import type { PricedVolume } from '../../src/core/tariff/types.ts'

interface Case { id: string; method: string; inputs: Record<string, unknown>; expected: Record<string, unknown> }
const { cases } = JSON.parse(readFileSync(new URL('../../../shared/golden/cases.json', import.meta.url), 'utf8')) as { cases: Case[] }
const str = (v: unknown): string => String(v)

t.test('connection fee cases', async (t) => {
  const selected = cases.filter((c) => c.method === 'connection fee')
  t.ok(selected.length >= 2)
  for (const c of selected) {
    const i = c.inputs
    const input: ConnectionFeeInput = i.usage === 'residential'
      ? { usage: 'residential', units: Number(i.units) }
      : { usage: i.usage as 'commercial', countyAdjustmentFactor: str(i.county_adjustment_factor), contractCapacityM3: str(i.contract_capacity_m3) }
    const r = connectionFees(input)
    const got: Record<string, string | null> = {
      water_fee: r.waterFee, wastewater_fee: r.wastewaterFee, capacity_fee: r.capacityFee, commercial_value: r.commercialValue,
    }
    for (const [k, v] of Object.entries(c.expected)) t.equal(got[k], v, `${c.id} ${k}`)
  }
})

t.test('bill composition cases', async (t) => {
  const selected = cases.filter((c) => c.method === 'bill composition')
  t.ok(selected.length >= 1)
  for (const c of selected) {
    const i = c.inputs
    const r = iranCharges({
      usage: str(i.usage),
      waterProjectSubscriber: i.water_project_subscriber === true,
      subscriptionFee: str(i.subscription_fee),
      waterPrice: str(i.water_price),
      excessCharge: str(i.excess_charge ?? '0'),
      previousCarry: str(i.previous_remainder ?? '0'),
    })
    const got: Record<string, string> = {
      water_project_charge: r.projectCharge.value, tax: r.tax.value, total: r.total.value,
      payable_rounded: r.payable.value, carried_remainder: r.carry,
    }
    for (const [k, v] of Object.entries(c.expected)) t.equal(got[k], v, `${c.id} ${k}`)
  }
})

// --- pricing the stated volumes with a flat tariff and half-up rounding ---
const MONTH = { from: '2019-04-01', to: '2019-05-01' } // 30 days
function flatBill(rate: string, volumes: Array<[method: string, volume: string]>) {
  const schedule = compileSchedule({ versions: [{
    id: `flat-${rate}`, service: 'cold_water', usage: 'residential', from: '2000-01-01', to: null,
    volume: { line: 'cold_water', price: { shape: 'flat', rate } }, source: 'seed 003',
  }] })
  const segments: PricedVolume[] = volumes.map(([method, volume]) => ({ service: 'cold_water', method, interval: MONTH, volume }))
  return composeBill({ period: MONTH, servicePoint: { usage: 'residential' }, volumes: segments, schedule, policy: RUB })
}
const byId = (id: string): Case => {
  const c = cases.find((x) => x.id === id)
  if (!c) throw new Error(`golden case ${id} missing`)
  return c
}

t.test('capacity 15 mm, 30 days: 549.3744 m³ × 19.19', async (t) => {
  const c = byId('capacity-unauthorized-15mm-30d')
  const bill = flatBill(str(c.inputs.tariff_per_m3), [['capacity', str(c.expected.volume_m3)]])
  t.equal(bill.totals.charges, c.expected.amount)
  t.equal(bill.lines[0]?.trace.formula, '549.3744 m³ × 19.19 = 10542.494736 → 10542.49 (half_up, 2 places)')
})

t.test('capacity over twelve 30-day months, whole roubles', async (t) => {
  const c = byId('capacity-unauthorized-15mm-1y-approx')
  const monthly = byId('capacity-unauthorized-15mm-30d').expected.volume_m3 as string
  const bill = flatBill(str(c.inputs.tariff_per_m3), [['capacity', new Big(monthly).times(Number(c.inputs.months_of_30_days)).toFixed()]])
  t.equal(roundTo(new Big(bill.totals.charges), 0).toFixed(), c.expected.amount_whole_rub)
})

t.test('device flow rows', async (t) => {
  const c = byId('device-flow-hose-table')
  const rows = (c.expected as { rows: Array<{ volume_m3: string; amount: string }> }).rows
  for (const row of rows) {
    const bill = flatBill(str(c.inputs.tariff_per_m3), [['capacity (device flow)', row.volume_m3]])
    t.equal(new Big(bill.totals.charges).toFixed(2), row.amount, `${row.volume_m3} m³`)
  }
})

t.test('normative with coefficient: two lines 515.92 + 257.96 = 773.88', async (t) => {
  const c = byId('normative-family-of-four-with-coefficient')
  const base = new Big(str(c.inputs.norm_m3_per_person_month)).times(Number(c.inputs.residents))
  const extra = base.times(new Big(str(c.inputs.coefficient)).minus(1))
  const bill = flatBill(str(c.inputs.tariff_per_m3), [['normative', base.toFixed()], ['normative (increasing coefficient)', extra.toFixed()]])
  t.equal(bill.lines.length, 2)
  t.equal(bill.lines[0]?.amount, c.expected.base_amount)
  t.equal(bill.lines[1]?.amount, c.expected.surcharge_amount)
  t.equal(bill.totals.charges, c.expected.amount)
})

t.test('normative with an act of technical impossibility: no surcharge line', async (t) => {
  const c = byId('normative-technical-impossibility-act')
  const base = new Big(str(c.inputs.norm_m3_per_person_month)).times(Number(c.inputs.residents))
  const bill = flatBill(str(c.inputs.tariff_per_m3), [['normative', base.toFixed()]])
  t.equal(bill.totals.charges, c.expected.amount)
  t.equal(new Big(0).toFixed(2), c.expected.surcharge_amount)
})

t.test('metered cases', async (t) => {
  for (const id of ['metered-8m3', 'metered-zero-with-registered-residents']) {
    const c = byId(id)
    const bill = flatBill(str(c.inputs.tariff_per_m3), [['metered', str(c.expected.volume_m3)]])
    t.equal(new Big(bill.totals.charges).toFixed(2), c.expected.amount, id)
  }
})
