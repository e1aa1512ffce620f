// settleServicePoint: volumes chosen and computed, priced by the tariff, each
// charge line traced from the rule that fired to the rounded amount.
import t from 'tap'
import fc from 'fast-check'
import { settleServicePoint } from '../../src/core/settle.ts'
import type { SettleInput } from '../../src/core/settle.ts'
import { IRR, RUB } from '../../src/core/bill/money-policy.ts'
import type { MoneyPolicy } from '../../src/core/bill/money-policy.ts'
import { Big } from '../helpers/big.ts'
import type { TariffVersion } from '../../src/core/tariff/types.ts'
import { MEMO_003_COEFFICIENTS, volumePolicy } from '../../src/core/volume/index.ts'
import type { VolumeFacts } from '../../src/core/volume/index.ts'
import { DN15_314_PER_DAY, facts, meter, monthlyReadings, point } from './volume/fixtures/facts.ts'

const policy = volumePolicy({ pi: '3.14' })
const flat = (id: string, from: string, to: string | null, rate: string, usage = 'residential', extra: Partial<TariffVersion> = {}): TariffVersion =>
  ({ id, service: 'cold_water', usage, from, to, volume: { line: 'water', price: { shape: 'flat', rate } }, ...extra })

function input(f: VolumeFacts, versions: TariffVersion[], over: Partial<SettleInput> = {}): SettleInput {
  return { facts: f, policy, billing: { usage: versions[0]?.usage ?? 'residential' }, tariffs: { versions }, money: RUB, today: '2030-01-01', ...over }
}

const flat8: VolumeFacts = facts({
  point: point({ id: 'flat-2', customerKind: 'residential' }),
  meters: [meter({ events: [{ kind: 'commissioned', date: '2019-01-10', index: '0' }] })],
  readings: [{ meterId: 'm1', date: '2019-02-28', index: '100' }, { meterId: 'm1', date: '2019-03-31', index: '108' }],
  residents: [{ from: '2019-01-01', count: 4 }],
  interval: { from: '2019-03-01', to: '2019-04-01' },
})

t.test('given a metered month, when priced flat at 20.28, then 8 m³ × 20.28 = 162.24 (memo 003)', async (t) => {
  const s = settleServicePoint(input(flat8, [flat('t', '2010-01-01', null, '20.28')]))
  t.same(s.errors, [])
  t.same(s.lines.map((l) => [l.method, l.interval.from, l.interval.to, l.volume, l.rate, l.amount]), [['metered', '2019-03-01', '2019-04-01', '8', '20.28', '162.24']])
  t.equal(s.totals.payable, '162.24')
  const tr = s.lines[0]!.trace
  t.match(tr.rule, /rule 3 metered/)
  t.match(tr.inputs, { method: 'metered', from: '2019-03-01', to: '2019-04-01', days: 31, meterId: 'm1', openingCumulative: '100', closingCumulative: '108' })
  t.match(tr.formula, /108 − 100 = 8.*8 m³ × 20\.28 = 162\.24/)
  t.same(JSON.parse(JSON.stringify(tr)), tr, 'the trace is plain data')
})

t.test('given a family of four without a meter and K = 1.5, then two lines: base 515.92 + surcharge 257.96 = 773.88', async (t) => {
  const f = facts({
    point: point({ id: 'flat-1', customerKind: 'residential' }),
    residents: [{ from: '2010-01-01', count: 4 }],
    norms: [{ resource: 'cold_water', from: '2010-01-01', perPersonPerMonth: '6.36' }],
    coefficients: [...MEMO_003_COEFFICIENTS],
    interval: { from: '2019-03-01', to: '2019-04-01' },
  })
  const s = settleServicePoint(input(f, [flat('t', '2010-01-01', null, '20.28')]))
  t.same(s.errors, [])
  t.same(s.lines.map((l) => [l.method, l.normativePart, l.volume, l.amount]), [['normative', 'base', '25.44', '515.92'], ['normative', 'surcharge', '12.72', '257.96']])
  t.equal(s.totals.charges, '773.88')
  t.match(s.lines[1]!.trace.formula, /\(1\.5 − 1\).*surcharge.*12\.72 m³ × 20\.28 = 257\.9616 → 257\.96/)
  t.match(s.lines[1]!.trace.inputs, { residents: 4, normPerPersonPerMonth: '6.36', coefficient: '1.5', part: 'surcharge' })
})

t.test('given a meter failure on 2026-03-15, then metered → averaged → capacity lines, each naming its rule', async (t) => {
  const perDay = (d: string): string => (d < '2025-03-01' ? '10' : '2')
  const readings = monthlyReadings('m1', '2025-01-01', '0', '2026-03-01', perDay)
  const failed = meter({ events: [{ kind: 'commissioned', date: '2025-01-01', index: '0' }, { kind: 'failed', date: '2026-03-15', index: '1348' }] })
  const f = facts({ meters: [failed], readings, interval: { from: '2026-03-01', to: '2026-06-01' } })
  const s = settleServicePoint(input(f, [flat('org', '2020-01-01', null, '10', 'non_residential')]))
  t.same(s.errors, [])
  const capacity = new Big(DN15_314_PER_DAY).times(18)
  t.same(s.lines.map((l) => [l.method, l.interval.from, l.interval.to, l.volume, l.amount]), [
    ['metered', '2026-03-01', '2026-03-15', '28', '280.00'],
    ['averaged', '2026-03-15', '2026-05-14', '120', '1200.00'],
    ['capacity', '2026-05-14', '2026-06-01', capacity.toFixed(), capacity.times(10).round(2).toFixed(2)],
  ])
  t.match(s.lines.map((l) => l.trace.rule), [/rule 3 metered/, /rule 4 meter_failure.*averaged/, /rule 4 meter_failure.*day 61/])
  t.match(s.lines[2]!.trace.formula, /3\.14 × 0\.015² \/ 4 × 1\.2 × 1555200 = 329\.62464/)
  t.equal(s.totals.volume, new Big(148).plus(capacity).toFixed())
})

t.test('given a tariff change on 2019-03-16, then the month is split by days (bills-and-tariffs.md)', async (t) => {
  const s = settleServicePoint(input(flat8, [flat('old', '2010-01-01', '2019-03-16', '19.19'), flat('new', '2019-03-16', null, '20.28')]))
  // 8 × 15/31 = 3.870968 m³ × 19.19 = 74.28387592 → 74.28; remainder 4.129032 × 20.28 = 83.73676896 → 83.74
  t.same(s.lines.map((l) => [l.tariffVersion, l.interval.from, l.interval.to, l.volume, l.amount]), [
    ['old', '2019-03-01', '2019-03-16', '3.870968', '74.28'],
    ['new', '2019-03-16', '2019-04-01', '4.129032', '83.74'],
  ])
  t.equal(s.totals.charges, '158.02')
  t.match(s.lines[0]!.trace.formula, /over the segment \[2019-03-01, 2019-04-01\): 108 − 100 = 8/)
  t.match(s.lines[0]!.trace.notes, [/8 m³ × 15 \/ 31 days = 3\.870968/])
})

t.test('given an organization without a meter, guaranteed volume or notice, then uncovered days surface in errors', async (t) => {
  const f = facts({ interval: { from: '2026-03-01', to: '2026-04-01' } })
  const s = settleServicePoint(input(f, [flat('org', '2020-01-01', null, '10', 'non_residential')]))
  t.match(s.errors, [{ code: 'uncovered_days', servicePointId: 'sp-1', days: { from: '2026-03-01', to: '2026-04-01' }, message: /sp-1.*2026-03-01/ }])
  t.same(s.lines, [])
  t.equal(s.totals.charges, '0.00')
})

t.test('given no tariff for the usage, then tariff_not_found in errors, no lines', async (t) => {
  const s = settleServicePoint({ ...input(flat8, [flat('t', '2010-01-01', null, '20.28')]), billing: { usage: 'commercial' } })
  t.match(s.errors, [{ code: 'tariff_not_found', service: 'cold_water', usage: 'commercial' }])
  t.same(s.lines, [])
})

t.test('given an interval past today, then a warning', async (t) => {
  const s = settleServicePoint(input(flat8, [flat('t', '2010-01-01', null, '20.28')], { today: '2019-03-20' }))
  t.match(s.warnings, [{ code: 'interval_after_today' }])
})

t.test('property: the lines sum to the total, whatever the volumes, rates, tariff changes, fees, taxes and rounding', async (t) => {
  const day = (n: number) => new Date(Date.UTC(2019, 2, 1) + n * 86_400_000).toISOString().slice(0, 10)
  const dec = fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 999 })).map(([a, b]) => `${a}.${String(b).padStart(3, '0')}`)
  fc.assert(fc.property(
    fc.record({
      residents: fc.integer({ min: 0, max: 9 }), norm: dec, closing: dec, metered: fc.boolean(),
      change: fc.integer({ min: 1, max: 30 }), rateA: dec, rateB: dec, fee: fc.option(dec), vat: fc.boolean(), irr: fc.boolean(), carry: fc.integer({ min: 0, max: 999 }),
    }),
    (g) => {
      const f: VolumeFacts = g.metered
        ? { ...flat8, readings: [{ meterId: 'm1', date: '2019-02-28', index: '0' }, { meterId: 'm1', date: '2019-03-31', index: g.closing }] }
        : facts({ point: point({ customerKind: 'residential' }), residents: [{ from: '2010-01-01', count: g.residents }], coefficients: [...MEMO_003_COEFFICIENTS],
            norms: [{ resource: 'cold_water', from: '2010-01-01', perPersonPerMonth: g.norm }], interval: flat8.interval })
      const extra: Partial<TariffVersion> = {
        ...(g.fee ? { fixedFees: [{ line: 'subscription', amount: g.fee, per: 'connection' as const, proRata: true }] } : {}),
        ...(g.vat ? { taxes: [{ line: 'vat', percent: '25', of: ['*'] }] } : {}),
      }
      const money: MoneyPolicy = g.irr ? IRR : RUB
      const s = settleServicePoint({ ...input(f, [flat('a', '2010-01-01', day(g.change), g.rateA, 'residential', extra), flat('b', day(g.change), null, g.rateB, 'residential', extra)]),
        money, previousCarry: g.irr ? String(g.carry) : '0' })
      if (s.errors.length) return false
      const sum = s.lines.filter((l) => l.kind !== 'info').reduce((a, l) => a.plus(l.amount), new Big(0))
      const volume = s.lines.filter((l) => l.kind === 'volume').reduce((a, l) => a.plus(l.volume!), new Big(0))
      return sum.eq(s.totals.currentBill) && volume.eq(s.totals.volume)
    },
  ), { numRuns: 300 })
  t.pass('Σ lines = current bill; Σ line volumes = Σ segment volumes')
})
