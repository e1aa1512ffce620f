// Golden examples (shared/golden/cases.json) of the methods the volume core
// owns: capacity (pipe and device flow), normative, metered. Each case is
// translated into the core's own input types; a case of an owned method that
// this file does not know how to translate fails the test.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { Big, roundTo } from '../helpers/big.ts'
import { toText } from '../../src/core/shared/decimal.ts'
import type { Fx } from '../../src/core/shared/decimal.ts'
import {
  DEFAULT_VOLUME_POLICY, MEMO_003_COEFFICIENTS, capacityPerDay, coefficientOn, coefficientSchedule,
  settleVolumes, volumeByCapacity, volumePolicy,
} from '../../src/core/volume/index.ts'
import type { VolumeFacts } from '../../src/core/volume/index.ts'

interface GoldenCase { id: string; method: string; inputs: Record<string, any>; expected: Record<string, any> }
const file = new URL('../../../shared/golden/cases.json', import.meta.url)
const { cases } = JSON.parse(readFileSync(file, 'utf8')) as { cases: GoldenCase[] }

const money = (volume: Fx | string, tariff: string): string => roundTo(new Big(typeof volume === 'string' ? volume : toText(volume)).times(tariff), 2).toFixed(2)
const owned = (method: string): boolean => /^(capacity|device-flow|normative|metered)/.test(method)

const handlers: Record<string, (c: GoldenCase) => void> = {
  'capacity-unauthorized-15mm-30d': (c) => {
    const policy = volumePolicy({ pi: c.inputs.pi, waterSpeedMPerS: c.inputs.speed_m_s })
    const mm = new Big(c.inputs.diameter_m).times(1000).toFixed()
    const { volume } = volumeByCapacity({ kind: 'pipe', diameterMm: mm }, c.inputs.days, policy)
    t.equal(new Big(toText(volume)).toFixed(4), c.expected.volume_m3, `${c.id}: volume`)
    t.equal(money(volume, c.inputs.tariff_per_m3), c.expected.amount, `${c.id}: amount`)
    // and through settleVolumes: an organization's unauthorized connection for 30 days
    const s = settleVolumes(unauthorizedFacts(mm, '2026-04-01', '2026-05-01'), policy)
    t.same(s.errors, [])
    t.equal(new Big(s.segments[0]!.volume).toFixed(4), c.expected.volume_m3, `${c.id}: via settleVolumes`)
  },
  'capacity-unauthorized-15mm-1y-approx': (c) => {
    const policy = volumePolicy({ pi: c.inputs.pi, waterSpeedMPerS: c.inputs.speed_m_s })
    const mm = new Big(c.inputs.diameter_m).times(1000).toFixed()
    const days = 30 * c.inputs.months_of_30_days
    const { volume } = volumeByCapacity({ kind: 'pipe', diameterMm: mm }, days, policy)
    t.equal(roundTo(new Big(toText(volume)).times(c.inputs.tariff_per_m3), 0).toFixed(0), c.expected.amount_whole_rub, `${c.id}: amount`)
  },
  'device-flow-hose-table': (c) => {
    c.inputs.rows.forEach((row: { diameter_mm: number; litres_per_minute: number }, i: number) => {
      const { volume } = volumeByCapacity({ kind: 'rated_flow', litresPerMinute: String(row.litres_per_minute) }, c.inputs.days, DEFAULT_VOLUME_POLICY)
      t.equal(toText(volume), c.expected.rows[i].volume_m3, `${c.id} ${row.diameter_mm} mm: volume`)
      t.equal(money(volume, c.inputs.tariff_per_m3), new Big(c.expected.rows[i].amount).toFixed(2), `${c.id} ${row.diameter_mm} mm: amount`)
    })
  },
  'normative-family-of-four-with-coefficient': (c) => {
    const s = settleVolumes(normativeFacts(c, false), DEFAULT_VOLUME_POLICY)
    t.same(s.errors, [])
    t.equal(s.segments.length, 1)
    const seg = s.segments[0]!
    t.equal(seg.method, 'normative')
    t.equal(seg.normative!.coefficient, c.inputs.coefficient)
    const base = money(seg.normative!.baseVolume, c.inputs.tariff_per_m3)
    const surcharge = money(seg.normative!.surchargeVolume, c.inputs.tariff_per_m3)
    t.equal(base, c.expected.base_amount, `${c.id}: base`)
    t.equal(surcharge, c.expected.surcharge_amount, `${c.id}: surcharge`)
    t.equal(new Big(base).plus(surcharge).toFixed(2), c.expected.amount, `${c.id}: amount`)
  },
  'normative-coefficient-schedule': (c) => {
    // the memo's schedule (before Decree 1871's K = 3 for cold water); hot water keeps it today
    const memo = coefficientSchedule(MEMO_003_COEFFICIENTS, 'cold_water')
    c.inputs.dates.forEach((d: string, i: number) => {
      t.equal(coefficientOn(memo, toDay(d)).raw, c.expected.coefficients[i], `${c.id}: K on ${d}`)
    })
  },
  'normative-technical-impossibility-act': (c) => {
    const s = settleVolumes(normativeFacts(c, true), DEFAULT_VOLUME_POLICY)
    t.same(s.errors, [])
    const seg = s.segments[0]!
    const base = money(seg.normative!.baseVolume, c.inputs.tariff_per_m3)
    const surcharge = money(seg.normative!.surchargeVolume, c.inputs.tariff_per_m3)
    t.equal(surcharge, c.expected.surcharge_amount, `${c.id}: surcharge`)
    t.equal(new Big(base).plus(surcharge).toFixed(2), c.expected.amount, `${c.id}: amount`)
  },
  'metered-8m3': (c) => meteredCase(c),
  'metered-zero-with-registered-residents': (c) => meteredCase(c),
}

function toDay(iso: string): number {
  return Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000
}

function unauthorizedFacts(diameterMm: string, from: string, to: string): VolumeFacts {
  return {
    point: { id: 'sp-1', resource: 'cold_water', customerKind: 'organization', diameterMm },
    meters: [], readings: [],
    acts: [{ kind: 'unauthorized_connection', from, to }],
    interval: { from, to },
  }
}

function normativeFacts(c: GoldenCase, technicalImpossibility: boolean): VolumeFacts {
  return {
    point: { id: 'flat-1', resource: 'cold_water', customerKind: 'residential', diameterMm: '15' },
    meters: [], readings: [],
    acts: technicalImpossibility ? [{ kind: 'technical_impossibility', date: '2019-03-10' }] : [],
    residents: [{ from: '2010-01-01', count: c.inputs.residents }],
    norms: [{ resource: 'cold_water', from: '2010-01-01', perPersonPerMonth: c.inputs.norm_m3_per_person_month }],
    coefficients: [...MEMO_003_COEFFICIENTS],
    interval: { from: '2019-03-01', to: '2019-04-01' },
  }
}

function meteredCase(c: GoldenCase): void {
  const facts: VolumeFacts = {
    point: { id: 'flat-2', resource: 'cold_water', customerKind: 'residential', diameterMm: '15' },
    meters: [{ id: 'm1', serial: 'S1', digits: 5, decimals: 3, control: false, events: [{ kind: 'commissioned', date: '2019-01-10', index: '0' }] }],
    readings: [
      { meterId: 'm1', date: '2019-02-28', index: c.inputs.opening_index },
      { meterId: 'm1', date: '2019-03-31', index: c.inputs.closing_index },
    ],
    acts: [],
    residents: [{ from: '2019-01-01', count: c.inputs.registered_residents ?? 1 }],
    interval: { from: '2019-03-01', to: '2019-04-01' },
  }
  const s = settleVolumes(facts, DEFAULT_VOLUME_POLICY)
  t.same(s.errors, [], `${c.id}: no errors`)
  t.equal(s.segments.length, 1)
  const seg = s.segments[0]!
  t.equal(seg.method, 'metered')
  t.ok(new Big(seg.volume).eq(c.expected.volume_m3), `${c.id}: volume ${seg.volume}`)
  t.equal(money(seg.volume, c.inputs.tariff_per_m3), c.expected.amount, `${c.id}: amount`)
}

// Top-level assertions (no subtests) so the handlers can use `t` directly.
const mine = cases.filter((c) => owned(c.method))
t.ok(mine.length >= 8, 'the golden file has the volume cases')
for (const c of mine) {
  const handler = handlers[c.id]
  if (!handler) t.fail(`golden case ${c.id} (method ${c.method}) is not handled by golden-volumes.test.ts`)
  else handler(c)
}

t.test('capacity per day table (conventions.md, Math.PI)', async (t) => {
  const table: [string, string][] = [['15', '18.32'], ['20', '32.57'], ['25', '50.89'], ['32', '83.38'], ['40', '130.29'], ['50', '203.58']]
  for (const [mm, perDay] of table) {
    t.equal(new Big(toText(capacityPerDay({ kind: 'pipe', diameterMm: mm }, DEFAULT_VOLUME_POLICY))).round(2).toFixed(2), perDay, `DN${mm}`)
  }
})
