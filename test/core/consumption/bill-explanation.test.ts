// "Why is my bill high?" (issue 12 §6) on hand-computed facts: a water point
// using 1 m³ a day until September 2026 and 3 a day in October; its October
// bill against three earlier bills; each seed 002 item 17 cause where the
// facts point to it, and "not assessed" where they cannot tell.
import t from 'tap'
import { explainBill } from '../../../src/core/consumption/index.ts'
import type { ExplainInput, ExplainPoint, TimedReading } from '../../../src/core/consumption/index.ts'

/** Month-end readings (a reading closes its day) from Sep 2025: 1 m³ a day, then 3 a day in October 2026. */
function water(timed: TimedReading[] = []): ExplainPoint {
  const readings = []
  let index = 0
  for (let y = 2025, m = 9; y < 2026 || m <= 10; m === 12 ? (y++, m = 1) : m++) {
    const end = new Date(Date.UTC(y, m, 0))
    index += (y === 2026 && m === 10 ? 3 : 1) * end.getUTCDate()
    readings.push({ meterId: 'm', date: end.toISOString().slice(0, 10), index: String(index) })
  }
  return { id: 'sp', resource: 'cold_water', unit: 'm3', usageType: 'residential', timed, readings,
    meters: [{ id: 'm', serial: 'S', digits: 6, decimals: 0, control: false, events: [{ kind: 'commissioned', date: '2025-09-01', index: '0' }] }] }
}

const base = (over: Partial<ExplainInput> = {}): ExplainInput => ({
  today: '2026-11-25',
  bill: { periodStart: '2026-10-01', periodEnd: '2026-11-01', charges: '250.00' },
  previousBills: [
    { periodStart: '2026-09-01', periodEnd: '2026-10-01', charges: '100.00' }, { periodStart: '2026-08-01', periodEnd: '2026-09-01', charges: '110.00' },
    { periodStart: '2026-07-01', periodEnd: '2026-08-01', charges: '90.00' }, { periodStart: '2026-06-01', periodEnd: '2026-07-01', charges: '500.00' }],
  lines: [],
  points: [water()],
  ...over,
})

t.test('this period against the year earlier and the last three periods; a jump', async (t) => {
  const e = explainBill(base())
  // 250 against (100 + 110 + 90) / 3 = 100: +150 %
  t.same(e.amount, { charges: '250', averageOfPrevious: '100', previousBills: 3, changePercent: '150' })
  t.equal(e.verdict, 'high')
  t.equal(e.wellAboveUsual, true)
  const sp = e.servicePoints[0]!
  t.match(sp.thisPeriod, { from: '2026-10-01', to: '2026-10-31', volume: '93', perDay: '3', quality: 'measured' })
  t.match(sp.yearEarlier, { from: '2025-10-01', to: '2025-10-31', volume: '31', perDay: '1' })
  t.same(sp.recentAverage.periods.map((p) => p.volume), ['30', '31', '31'])
  t.equal(sp.recentAverage.perDay, '1')
  t.equal(sp.changeVsYearEarlierPercent, '200')
  t.equal(sp.changeVsAveragePercent, '200')
  const jump = e.causes.find((c) => c.code === 'jump_against_history')!
  t.same(jump.evidence, { perDay: '3', averagePerDay: '1', yearEarlierPerDay: '1', periodsInAverage: 3, threshold: '1.5' })
  t.same(e.notAssessed.map((n) => n.code), ['leak'], 'no night readings: said, not guessed; summer and winter alike: no garden or livestock')
})

t.test('excess over the pattern, estimated lines and their reasons', async (t) => {
  const e = explainBill(base({ lines: [
    { lineNo: 1, servicePointId: 'sp', kind: 'volume', line: 'water', method: 'averaged', volume: '93', amount: '200', trace: { rule: 'ESTIMATE, averaged: Decree 776 §17', estimated: true, notes: ['no reading since 2026-09-30'] } },
    { lineNo: 2, servicePointId: 'sp', kind: 'info', line: 'allowed', method: null, volume: '32', amount: '0', trace: {} },
    { lineNo: 3, servicePointId: 'sp', kind: 'surcharge', line: 'excess', method: null, volume: '61', amount: '50', trace: {} },
  ] }))
  t.same(e.estimatedLines, [{ lineNo: 1, servicePointId: 'sp', line: 'water', method: 'averaged', estimated: true, reason: 'ESTIMATE, averaged: Decree 776 §17; no reading since 2026-09-30' }])
  t.same(e.causes.find((c) => c.code === 'above_pattern')!.evidence, { excessVolume: '61', allowedVolume: '32', excessCharge: '50', line: 3 })
})

t.test('a reading lower than the one before, and a flagged one', async (t) => {
  const e = explainBill(base({ points: [water([
    { local: '2026-09-30T10:00', meterId: 'm', value: '395', status: 'accepted', reasons: [] },
    { local: '2026-10-15T10:00', meterId: 'm', value: '390', status: 'accepted', reasons: [] },
    { local: '2026-10-20T10:00', meterId: 'm', value: '9999', status: 'flagged', reasons: ['spike'] },
  ])] }))
  const m = e.causes.filter((c) => c.code === 'misreading')
  t.equal(m.length, 2)
  t.match(m[0]!.evidence, { reading: '9999', status: 'flagged', reasons: 'spike' })
  t.match(m[1]!.evidence, { earlier: '395', later: '390' })
})

t.test('steady night flow over enough nights is a leak; a dry night rules it out', async (t) => {
  const nights = (dry: boolean): TimedReading[] => [1, 2, 3, 4, 5, 6].flatMap((d) => {
    const day = `2026-10-0${d}`
    const v = 400 + d
    return [{ local: `${day}T01:00`, meterId: 'm', value: `${v}`, status: 'accepted' as const, reasons: [] },
      { local: `${day}T03:00`, meterId: 'm', value: dry && d === 3 ? `${v}` : `${v}.04`, status: 'accepted' as const, reasons: [] }]
  })
  const leak = explainBill(base({ points: [water(nights(false))] })).causes.find((c) => c.code === 'leak')!
  t.equal(leak.variant, 'night')
  t.same(leak.evidence, { nights: 6, lowestNightFlowPerHour: '0.02' }) // 0.04 m³ over 2 hours
  t.notOk(explainBill(base({ points: [water(nights(true))] })).causes.some((c) => c.code === 'leak'))
})

t.test('without earlier bills or history it says so', async (t) => {
  const e = explainBill(base({ previousBills: [], bill: { periodStart: '2025-10-01', periodEnd: '2025-11-01', charges: '90' } }))
  t.equal(e.verdict, 'unknown')
  t.equal(e.wellAboveUsual, false)
  t.same(e.causes, [])
  t.ok(e.notAssessed.some((n) => n.code === 'jump_against_history'))
  t.equal(e.amount.averageOfPrevious, null, 'no earlier bills (worded by the shell: explanation-texts.ts)')
})

/** Daily readings at 08:00 through October 2026 (1 October a Thursday): `weekday` m³ from a weekday's 08:00 to the next day's, `weekend` from Saturday's to Sunday's. */
function daily(weekday: string, weekend: (saturday: number) => string): TimedReading[] {
  const out: TimedReading[] = []
  let v = 500
  for (let d = 1; d <= 31; d++) {
    const day = `2026-10-${String(d).padStart(2, '0')}`
    out.push({ local: `${day}T08:00`, meterId: 'm', value: v.toFixed(3), status: 'accepted', reasons: [] })
    const dow = ((d + 2) % 7) + 1 // 1 Monday … 7 Sunday; 1 October 2026 was a Thursday (4)
    v += dow === 6 ? Number(weekend(d)) : Number(weekday)
  }
  return out
}

t.test('steady weekend flow at a site closed at weekends is a leak; a site working weekends, or a dry weekend, is not', async (t) => {
  const shop = (timed: TimedReading[]): ExplainPoint => ({ ...water(timed), usageType: 'commercial' })
  const closed = explainBill(base({ points: [shop(daily('2', () => '0.1'))] }))
  const leak = closed.causes.find((c) => c.code === 'leak')!
  t.equal(leak.variant, 'weekend_closed')
  // 4 weekends inside October (3–4, 10–11, 17–18, 24–25); 0.1 m³ over Saturday 08:00 → Sunday 08:00 = 0.004 an hour against 2 / 24 = 0.083 on weekdays
  t.same(leak.evidence, { weekends: 4, lowestWeekendFlowPerHour: '0.004', weekdayFlowPerHour: '0.083', weekendShareOfWeekdays: '0.05', closedShareAtMost: '0.25' })
  t.notOk(closed.notAssessed.some((n) => n.code === 'leak'))
  const open = explainBill(base({ points: [shop(daily('2', () => '1.5'))] }))
  t.notOk(open.causes.some((c) => c.code === 'leak'), 'open at weekends: weekend use tells nothing')
  t.notOk(open.notAssessed.some((n) => n.code === 'leak'), 'judged: enough weekends')
  const dry = explainBill(base({ points: [shop(daily('2', (sat) => (sat === 10 ? '0' : '0.1')))] }))
  t.notOk(dry.causes.some((c) => c.code === 'leak'), 'one weekend without flow rules a leak out')
})

t.test('a baseline that never drops in any hour of a weekend is a leak, also at home; daily readings at home are not enough evidence', async (t) => {
  /** every 3 hours from Saturday 00:00 to Sunday 21:00 on three weekends, `flow` m³ an hour (one interval dry when asked) */
  const smart = (flow: number, dryAt?: string): TimedReading[] => {
    const out: TimedReading[] = []
    let v = 700
    for (const sat of [3, 10, 17]) for (let h = 0; h < 48; h += 3) {
      const day = `2026-10-${String(sat + (h >= 24 ? 1 : 0)).padStart(2, '0')}`
      const local = `${day}T${String(h % 24).padStart(2, '0')}:00`
      out.push({ local, meterId: 'm', value: v.toFixed(3), status: 'accepted', reasons: [] })
      v += local === dryAt ? 0 : flow * 3
    }
    return out
  }
  const home = explainBill(base({ points: [water(smart(0.02))] }))
  const leak = home.causes.find((c) => c.code === 'leak' && c.variant === 'weekend_baseline')!
  t.same(leak.evidence, { weekends: 3, lowestWeekendFlowPerHour: '0.02', weekdayFlowPerHour: null })
  t.notOk(explainBill(base({ points: [water(smart(0.02, '2026-10-11T03:00'))] })).causes.some((c) => c.variant === 'weekend_baseline'), 'a dry hour rules it out')
  const monthly = explainBill(base({ points: [water(daily('0.3', () => '0.3'))] }))
  t.notOk(monthly.causes.some((c) => c.code === 'leak'))
  const na = monthly.notAssessed.find((n) => n.code === 'leak')!
  t.equal(na.variant, 'few_frequent_readings')
  t.same(na.evidence, { nights: 0, nightsNeeded: 5, weekends: 4, weekendsNeeded: 3, residential: true }, 'daily readings at home: not enough evidence, with the counts')
})
