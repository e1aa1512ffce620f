// Consumption series (issue 12 §2) on hand-computed figures: a meter read at
// month ends (a reading dated D closes day D: volume-methods.md §1), one use
// of 1 m³ a day from March 2025 to January 2026, estimates after the last
// reading, the year-earlier buckets beside, and solar as production.
import t from 'tap'
import { consumptionSeries, presetRange, yearEarlier, bucketsOf } from '../../../src/core/consumption/index.ts'
import type { ConsumptionPoint } from '../../../src/core/consumption/index.ts'
import { toDayNumber } from '../../../src/core/shared/dates.ts'

const water: ConsumptionPoint = {
  id: 'w', resource: 'cold_water', unit: 'm3',
  meters: [{ id: 'm1', serial: 'S1', digits: 5, decimals: 0, control: false, events: [{ kind: 'commissioned', date: '2025-01-01', index: '100' }] }],
  // cumulative 31 at 1 Feb 2025, 59 at 1 Mar 2025, 396 at 1 Feb 2026 (337 days later: 1 a day), 424 at 1 Mar 2026
  readings: [
    { meterId: 'm1', date: '2025-01-31', index: '131' },
    { meterId: 'm1', date: '2025-02-28', index: '159' },
    { meterId: 'm1', date: '2026-01-31', index: '496' },
    { meterId: 'm1', date: '2026-02-28', index: '524' },
  ],
}

t.test('months of 2026 Q1 beside 2025 Q1, today 15 March', async (t) => {
  const r = consumptionSeries({ points: [water], from: '2026-01-01', to: '2026-03-31', granularity: 'month', today: '2026-03-15' })
  t.equal(r.previousFrom, '2025-01-01')
  t.equal(r.previousTo, '2025-03-31')
  const [s] = r.series
  t.equal(s!.direction, 'consumption')
  t.same(s!.buckets.map((b) => [b.key, b.start, b.end, b.value, b.quality]), [
    ['2026-01', '2026-01-01', '2026-01-31', '31', 'measured'], // interpolated: 1 a day
    ['2026-02', '2026-02-01', '2026-02-28', '28', 'measured'], // 424 − 396
    ['2026-03', '2026-03-01', '2026-03-31', '15', 'estimated'], // 15 days to today at (424 − 59) / 365 = 1 a day
  ])
  const mar = s!.buckets[2]!
  t.equal(mar.estimated, '15')
  t.equal(mar.estimatedDays, 15)
  t.equal(mar.futureDays, 16)
  t.same(s!.buckets.map((b) => [b.previous.key, b.previous.value, b.previous.quality]), [
    ['2025-01', '31', 'measured'], ['2025-02', '28', 'measured'], ['2025-03', '31', 'measured']])
  t.same(s!.buckets.map((b) => [b.change, b.changePercent]), [['0', '0'], ['0', '0'], ['-16', '-51.6']]) // −16 / 31 = −51.6 %
  t.same(s!.totals, { value: '74', estimated: '15', previous: '90', change: '-16', changePercent: '-17.8' }) // −16 / 90
})

t.test('days before commissioning have no data; a partial day split is interpolated', async (t) => {
  const r = consumptionSeries({ points: [water], from: '2024-12-30', to: '2025-01-02', granularity: 'day', today: '2026-03-15' })
  t.same(r.series[0]!.buckets.map((b) => [b.key, b.value, b.quality, b.missingDays]), [
    ['2024-12-30', null, 'no_data', 1], ['2024-12-31', null, 'no_data', 1], ['2025-01-01', '1', 'measured', 0], ['2025-01-02', '1', 'measured', 0]])
})

t.test('solar production is production, positive', async (t) => {
  const pv: ConsumptionPoint = { id: 'pv', resource: 'solar_production', unit: 'kWh',
    meters: [{ id: 'p1', serial: 'P1', digits: 7, decimals: 0, control: false, events: [{ kind: 'commissioned', date: '2026-05-01', index: '0' }] }],
    readings: [{ meterId: 'p1', date: '2026-05-31', index: '620' }, { meterId: 'p1', date: '2026-06-30', index: '1220' }] }
  const r = consumptionSeries({ points: [water, pv], from: '2026-06-01', to: '2026-06-30', granularity: 'month', today: '2026-11-25' })
  const solar = r.series.find((s) => s.resource === 'solar_production')!
  t.equal(solar.direction, 'production')
  t.equal(solar.unit, 'kWh')
  t.equal(solar.buckets[0]!.value, '600')
  t.equal(solar.buckets[0]!.previous.value, null, 'no plant a year earlier')
  t.equal(solar.buckets[0]!.previous.quality, 'no_data')
  t.equal(r.series.length, 2, 'one series per utility and unit')
})

t.test('presets relative to today, buckets and the year-earlier alignment', async (t) => {
  t.same(presetRange('1y', 'month', '2026-11-25'), { from: '2025-12-01', to: '2026-11-25' })
  t.same(presetRange('3m', 'day', '2026-11-25'), { from: '2026-08-26', to: '2026-11-25' })
  t.same(presetRange('6m', 'year', '2026-11-25'), { from: '2026-01-01', to: '2026-11-25' })
  t.equal(bucketsOf(toDayNumber('2025-12-01'), toDayNumber('2026-11-26'), 'month').length, 12)
  const leap = bucketsOf(toDayNumber('2028-02-29'), toDayNumber('2028-03-01'), 'day')[0]!
  t.equal(yearEarlier(leap).key, '2027-02-28')
  t.equal(yearEarlier(bucketsOf(toDayNumber('2026-11-01'), toDayNumber('2026-11-26'), 'month')[0]!).to, toDayNumber('2025-11-26'))
})
