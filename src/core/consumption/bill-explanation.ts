// "Why is my bill high?" (issue 12 §6; seed 002 item 17): the facts of one
// bill in, findings with their evidence out. Per service point: this period
// against the same days a year earlier and against the average of the last
// periods (volumes from the readings, as the consumption series counts them);
// the lines estimated or computed by a fallback method, with the reason their
// trace gives; and the likely causes seed 002 names, each only where the
// facts point to it:
//   17.1 consumption above the pattern or contract capacity (excess priced),
//   17.2/17.3 a jump against history (a pipe break after the meter, a meter running fast),
//   17.4 a misreading (a reading lower, or far higher, than the trend),
//   leak: steady night flow, only where readings are frequent enough to see nights,
//     or steady weekend flow: a site closed at weekends that still uses water on
//     Saturdays and Sundays, or a baseline that never drops in any hour of a weekend,
//   17.5 a residential connection used for livestock or a garden (summer far above winter).
// Where the facts cannot tell, a cause is listed as not assessed with why,
// never guessed. Pure: no clock (today is an argument), no I/O, and no prose:
// each finding is a code, a variant and its evidence, which the shell words in
// the reader's language (app/consumption/explanation-texts.ts).
import { add, cmp, div, fx, fxInt, mul, mulInt, round, sign, sub, toText, FX_ZERO } from '../shared/decimal.ts'
import type { Fx } from '../shared/decimal.ts'
import { fromDayNumber, toDayNumber } from '../shared/dates.ts'
import type { DayNumber, IsoDate } from '../shared/dates.ts'
import { addMonths, yearMonthOf } from '../volume/day-math.ts'
import { volumesOver } from './series.ts'
import type { ConsumptionPoint, Quality } from './series.ts'

export interface TimedReading {
  /** local wall time in the tenant's zone, 'YYYY-MM-DDTHH:MM' */
  local: string
  meterId: string
  /** null for a reader's status without an index */
  value: string | null
  status: 'accepted' | 'flagged' | 'rejected'
  reasons: string[]
}

export interface ExplainPoint extends ConsumptionPoint {
  usageType: string
  /** readings of the bill period (and the last before it) with their time of day, any status */
  timed: TimedReading[]
}

export interface ExplainLine {
  lineNo: number
  servicePointId: string | null
  kind: string
  line: string
  method: string | null
  volume: string | null
  amount: string
  trace: Record<string, unknown>
}

export interface ExplainInput {
  today: IsoDate
  bill: { periodStart: IsoDate; periodEnd: IsoDate; charges: string }
  /** the account's earlier regular bills, newest first */
  previousBills: { periodStart: IsoDate; periodEnd: IsoDate; charges: string }[]
  lines: ExplainLine[]
  points: ExplainPoint[]
}

export interface PeriodVolume {
  from: IsoDate
  /** last day, included */
  to: IsoDate
  volume: string | null
  perDay: string | null
  quality: Quality
}

export interface PointComparison {
  servicePointId: string
  resource: string
  unit: string
  thisPeriod: PeriodVolume
  yearEarlier: PeriodVolume
  /** the average per day over the last periods with data (up to AVERAGE_PERIODS) */
  recentAverage: { periods: PeriodVolume[]; perDay: string | null }
  changeVsYearEarlierPercent: string | null
  changeVsAveragePercent: string | null
}

export type CauseCode = 'above_pattern' | 'jump_against_history' | 'misreading' | 'leak' | 'non_residential_use'

export type Evidence = Record<string, string | number | boolean | null>

/**
 * Which finding of a cause (machine-readable, stable): jump_against_history
 * 'rise'; misreading 'flagged' | 'lower_than_before' | 'spike'; leak 'night' |
 * 'weekend_closed' | 'weekend_baseline'; non_residential_use 'summer'; above_pattern 'excess'.
 */
export type CauseVariant = 'rise' | 'flagged' | 'lower_than_before' | 'spike' | 'night' | 'weekend_closed' | 'weekend_baseline' | 'summer' | 'excess'

export interface Cause {
  code: CauseCode
  variant: CauseVariant
  likelihood: 'likely' | 'possible'
  servicePointId: string | null
  /** the facts that point to it; the shell's message and advice (seed 002 item 17 b) quote them */
  evidence: Evidence
}

/** Why a cause could not be judged: 'no_readings' | 'few_periods' | 'no_history' | 'few_frequent_readings' | 'no_seasons' */
export type NotAssessedVariant = 'no_readings' | 'few_periods' | 'no_history' | 'few_frequent_readings' | 'no_seasons'

export interface NotAssessed { code: CauseCode; variant: NotAssessedVariant; servicePointId: string | null; evidence: Evidence }

export interface EstimatedLine { lineNo: number; servicePointId: string | null; line: string; method: string | null; estimated: boolean; reason: string }

export interface BillExplanation {
  verdict: 'high' | 'usual' | 'low' | 'unknown'
  /** this bill's charges against the average of the last bills: (this − average) / average × 100 */
  amount: { charges: string; averageOfPrevious: string | null; previousBills: number; changePercent: string | null }
  /** true when the bill is well above the usual (WELL_ABOVE): the payment document says so */
  wellAboveUsual: boolean
  servicePoints: PointComparison[]
  estimatedLines: EstimatedLine[]
  causes: Cause[]
  notAssessed: NotAssessed[]
}

export const AVERAGE_PERIODS = 3
/** a bill this much above the average of the last ones is high (+30 %), well above at +50 % */
const HIGH = fx('1.3')
const WELL_ABOVE = fx('1.5')
const LOW = fx('0.7')
/** a period's use per day this many times the history's is a jump */
const JUMP = fx('1.5')
/** a reading interval this many times the trend, followed by one below half of it, is a misreading */
const SPIKE = fx('3')
/** night readings: local hours [0, 5); at least this many nights to judge */
const NIGHT_END_HOUR = 5
const MIN_NIGHTS = 5
/** weekends (Saturday and Sunday, local) with a reading interval inside them: at least this many to judge */
const MIN_WEEKENDS = 3
/** a site is closed at weekends when its weekend flow per hour is at most this share of its weekdays' */
const CLOSED_SHARE = fx('0.25')
/** intervals of at most this many minutes show a weekend's lowest hours (hourly readings, a smart meter) */
const SHORT_INTERVAL_MINUTES = 6 * 60
/** summer (May–September) per day this many times winter's (November–March) on a residential water point */
const SEASONAL = fx('2')
const WATER = ['cold_water', 'hot_water']
const FALLBACK_METHODS = ['averaged', 'normative', 'capacity', 'guaranteed_volume']

const t3 = (x: Fx) => toText(round(x, 3))
const pct = (a: Fx, b: Fx) => (sign(b) === 0 ? null : toText(round(div(mulInt(sub(a, b), 100), b, 4), 1)))

function period(point: ConsumptionPoint, from: DayNumber, to: DayNumber, today: IsoDate): PeriodVolume & { raw: Fx | null; days: number } {
  const [v] = volumesOver(point, [{ from, to }], today)
  const raw = v!.value
  return { from: fromDayNumber(from), to: fromDayNumber(to - 1), volume: raw && t3(raw), perDay: raw && v!.days ? toText(round(div(raw, fxInt(v!.days), 6), 3)) : null,
    quality: v!.quality, raw, days: v!.days }
}

function monthsOf(from: DayNumber, to: DayNumber): number {
  const a = yearMonthOf(from)
  const b = yearMonthOf(to)
  return Math.max(1, (b.year - a.year) * 12 + b.month - a.month)
}

function compare(p: ExplainPoint, input: ExplainInput, causes: Cause[], notAssessed: NotAssessed[]): PointComparison {
  const ps = toDayNumber(input.bill.periodStart)
  const pe = toDayNumber(input.bill.periodEnd)
  const months = monthsOf(ps, pe)
  const cur = period(p, ps, pe, input.today)
  const ye = period(p, addMonths(ps, -12), addMonths(pe, -12), input.today)
  const recent = []
  for (let k = 1; k <= AVERAGE_PERIODS; k++) recent.push(period(p, addMonths(ps, -k * months), addMonths(ps, -(k - 1) * months), input.today))
  const known = recent.filter((r) => r.raw !== null && r.quality !== 'estimated')
  const sumV = known.reduce((s, r) => add(s, r.raw!), FX_ZERO)
  const sumD = known.reduce((s, r) => s + r.days, 0)
  const avgPerDay = sumD ? div(sumV, fxInt(sumD), 6) : null
  const curPerDay = cur.raw && cur.days ? div(cur.raw, fxInt(cur.days), 6) : null
  const yePerDay = ye.raw && ye.days ? div(ye.raw, fxInt(ye.days), 6) : null
  const strip = ({ raw: _r, days: _d, ...v }: typeof cur) => v

  // 17.2 / 17.3: a jump against history
  if (curPerDay === null || known.length < 2 || avgPerDay === null) {
    notAssessed.push(curPerDay === null ? { code: 'jump_against_history', variant: 'no_readings', servicePointId: p.id, evidence: {} }
      : { code: 'jump_against_history', variant: 'few_periods', servicePointId: p.id, evidence: { periodsWithReadings: known.length, needed: 2 } })
  } else if (sign(avgPerDay) > 0 && cmp(curPerDay, mulNum(avgPerDay, JUMP)) >= 0 && (yePerDay === null || sign(yePerDay) === 0 || cmp(curPerDay, mulNum(yePerDay, JUMP)) >= 0)) {
    causes.push({ code: 'jump_against_history', variant: 'rise', likelihood: 'likely', servicePointId: p.id,
      evidence: { perDay: t3(curPerDay), averagePerDay: t3(avgPerDay), yearEarlierPerDay: yePerDay && t3(yePerDay), periodsInAverage: known.length, threshold: toText(JUMP) } })
  }
  misreading(p, input, avgPerDay ?? yePerDay, causes, notAssessed)
  leak(p, causes, notAssessed)
  seasonal(p, input, pe, causes, notAssessed)
  return {
    servicePointId: p.id, resource: p.resource, unit: p.unit, thisPeriod: strip(cur), yearEarlier: strip(ye),
    recentAverage: { periods: recent.map(strip), perDay: avgPerDay && t3(avgPerDay) },
    changeVsYearEarlierPercent: curPerDay && yePerDay ? pct(curPerDay, yePerDay) : null,
    changeVsAveragePercent: curPerDay && avgPerDay ? pct(curPerDay, avgPerDay) : null,
  }
}

const mulNum = (a: Fx, k: Fx): Fx => mul(a, k)

/** 17.4: a reading lower than the one before, or one far above the trend that the next one undoes; and readings the intake flagged. */
function misreading(p: ExplainPoint, input: ExplainInput, trendPerDay: Fx | null, causes: Cause[], notAssessed: NotAssessed[]): void {
  const ps = input.bill.periodStart
  const judged = p.timed.filter((r) => r.value !== null && r.local.slice(0, 10) >= ps)
  const flagged = judged.filter((r) => r.status !== 'accepted')
  for (const r of flagged) {
    causes.push({ code: 'misreading', variant: 'flagged', likelihood: 'likely', servicePointId: p.id,
      evidence: { reading: r.value, at: r.local, status: r.status, reasons: r.reasons.join(', ') } })
  }
  const accepted = p.timed.filter((r) => r.value !== null && r.status === 'accepted')
  for (let i = 1; i < accepted.length; i++) {
    const a = accepted[i - 1]!
    const b = accepted[i]!
    if (a.meterId !== b.meterId || b.local.slice(0, 10) < ps) continue
    if (cmp(fx(b.value!), fx(a.value!)) < 0) {
      causes.push({ code: 'misreading', variant: 'lower_than_before', likelihood: 'likely', servicePointId: p.id, evidence: { earlier: a.value, earlierAt: a.local, later: b.value, laterAt: b.local } })
    }
  }
  if (trendPerDay === null || sign(trendPerDay) <= 0) {
    if (!flagged.length) notAssessed.push({ code: 'misreading', variant: 'no_history', servicePointId: p.id, evidence: {} })
    return
  }
  // daily rates between consecutive accepted readings of one meter, by date
  const rates: { from: string; to: string; perDay: Fx }[] = []
  for (let i = 1; i < accepted.length; i++) {
    const a = accepted[i - 1]!
    const b = accepted[i]!
    const days = toDayNumber(b.local.slice(0, 10)) - toDayNumber(a.local.slice(0, 10))
    if (a.meterId !== b.meterId || days < 1) continue
    rates.push({ from: a.local.slice(0, 10), to: b.local.slice(0, 10), perDay: div(sub(fx(b.value!), fx(a.value!)), fxInt(days), 6) })
  }
  for (let i = 0; i + 1 < rates.length; i++) {
    const hi = rates[i]!
    const next = rates[i + 1]!
    if (hi.to < ps) continue
    if (cmp(hi.perDay, mulNum(trendPerDay, SPIKE)) >= 0 && cmp(mulInt(next.perDay, 2), trendPerDay) < 0) {
      causes.push({ code: 'misreading', variant: 'spike', likelihood: 'likely', servicePointId: p.id,
        evidence: { from: hi.from, to: hi.to, perDay: t3(hi.perDay), trendPerDay: t3(trendPerDay), nextPerDay: t3(next.perDay), factor: toText(SPIKE) } })
    }
  }
}

/** Minutes since 1970-01-01 00:00 of a local 'YYYY-MM-DDTHH:MM'. */
function minuteOf(local: string): number {
  return toDayNumber(local.slice(0, 10)) * 1440 + Number(local.slice(11, 13)) * 60 + Number(local.slice(14, 16))
}

/** ISO weekday of a day number: 1 Monday … 7 Sunday (1970-01-01 was a Thursday). */
const weekday = (day: DayNumber) => ((day + 3) % 7) + 1

/**
 * A leak: steady flow when nobody uses water. Two checks, each only where the
 * readings are frequent enough to see it:
 * - night: flow in every night's hours [0, 5) between readings taken inside them, over MIN_NIGHTS nights;
 * - weekend: readings inside Saturdays and Sundays over MIN_WEEKENDS weekends, and either
 *   a site that is closed at weekends (not residential, weekend flow per hour at most
 *   CLOSED_SHARE of its weekdays') that still uses water every weekend, or a baseline
 *   that never drops: short intervals (≤ 6 h) through every weekend, none without flow.
 * Without enough of either, "not assessed" with the counts; never guessed.
 */
function leak(p: ExplainPoint, causes: Cause[], notAssessed: NotAssessed[]): void {
  const acc = p.timed.filter((r) => r.status === 'accepted' && r.value !== null)
  const nights = new Map<string, Fx>()
  /** per weekend (its Saturday): the lowest flow per hour of an interval inside it, and whether a short interval was seen */
  const weekends = new Map<number, { lowest: Fx; short: boolean; shortLowest: Fx | null }>()
  let weekdayVolume = FX_ZERO
  let weekdayMinutes = 0
  for (let i = 1; i < acc.length; i++) {
    const a = acc[i - 1]!
    const b = acc[i]!
    if (a.meterId !== b.meterId) continue
    const minutes = minuteOf(b.local) - minuteOf(a.local)
    if (minutes <= 0) continue
    const volume = sub(fx(b.value!), fx(a.value!))
    if (sign(volume) < 0) continue // a misreading, judged above
    const perHour = div(mulInt(volume, 60), fxInt(minutes), 6)
    const da = toDayNumber(a.local.slice(0, 10))
    const db = toDayNumber(b.local.slice(0, 10))
    const wa = weekday(da)
    const wb = weekday(db)
    if (da === db && Number(a.local.slice(11, 13)) < NIGHT_END_HOUR && Number(b.local.slice(11, 13)) < NIGHT_END_HOUR) {
      const seen = nights.get(a.local.slice(0, 10))
      if (seen === undefined || cmp(perHour, seen) < 0) nights.set(a.local.slice(0, 10), perHour)
    }
    if (wa >= 6 && wb >= 6 && db - da <= 1) {
      const saturday = da - (wa - 6)
      const short = minutes <= SHORT_INTERVAL_MINUTES
      const w = weekends.get(saturday)
      if (!w) weekends.set(saturday, { lowest: perHour, short, shortLowest: short ? perHour : null })
      else {
        if (cmp(perHour, w.lowest) < 0) w.lowest = perHour
        if (short) { w.short = true; if (w.shortLowest === null || cmp(perHour, w.shortLowest) < 0) w.shortLowest = perHour }
      }
    } else if (wa <= 5 && wb <= 5 && db - da <= 1) {
      weekdayVolume = add(weekdayVolume, volume)
      weekdayMinutes += minutes
    }
  }
  let judged = false
  if (nights.size >= MIN_NIGHTS) {
    judged = true
    const mins = [...nights.values()]
    const lowest = mins.reduce((m, x) => (cmp(x, m) < 0 ? x : m))
    if (mins.every((m) => sign(m) > 0)) {
      causes.push({ code: 'leak', variant: 'night', likelihood: 'likely', servicePointId: p.id, evidence: { nights: mins.length, lowestNightFlowPerHour: t3(lowest) } })
    }
  }
  if (weekends.size >= MIN_WEEKENDS) {
    const ws = [...weekends.values()]
    const lowest = ws.reduce((m, w) => (cmp(w.lowest, m) < 0 ? w.lowest : m), ws[0]!.lowest)
    const weekdayPerHour = weekdayMinutes ? div(mulInt(weekdayVolume, 60), fxInt(weekdayMinutes), 6) : null
    // the weekend's typical flow: the highest of the weekends' lowest hours (one busy weekend does not hide a closed site)
    const highest = ws.reduce((m, w) => (cmp(w.lowest, m) > 0 ? w.lowest : m), ws[0]!.lowest)
    if (ws.every((w) => w.short && w.shortLowest !== null)) {
      judged = true
      const shortLowest = ws.reduce((m, w) => (cmp(w.shortLowest!, m) < 0 ? w.shortLowest! : m), ws[0]!.shortLowest!)
      if (sign(shortLowest) > 0) {
        causes.push({ code: 'leak', variant: 'weekend_baseline', likelihood: 'likely', servicePointId: p.id,
          evidence: { weekends: ws.length, lowestWeekendFlowPerHour: t3(shortLowest), weekdayFlowPerHour: weekdayPerHour && t3(weekdayPerHour) } })
      }
    } else if (p.usageType !== 'residential' && weekdayPerHour !== null && sign(weekdayPerHour) > 0) {
      judged = true
      const share = div(highest, weekdayPerHour, 6)
      if (sign(lowest) > 0 && cmp(share, CLOSED_SHARE) <= 0) {
        causes.push({ code: 'leak', variant: 'weekend_closed', likelihood: 'likely', servicePointId: p.id,
          evidence: { weekends: ws.length, lowestWeekendFlowPerHour: t3(lowest), weekdayFlowPerHour: t3(weekdayPerHour),
            weekendShareOfWeekdays: toText(round(share, 2)), closedShareAtMost: toText(CLOSED_SHARE) } })
      }
    }
  }
  if (!judged) {
    notAssessed.push({ code: 'leak', variant: 'few_frequent_readings', servicePointId: p.id,
      evidence: { nights: nights.size, nightsNeeded: MIN_NIGHTS, weekends: weekends.size, weekendsNeeded: MIN_WEEKENDS, residential: p.usageType === 'residential' } })
  }
}

/** 17.5: a residential water point whose summer use per day is SEASONAL × winter's, in the year before the period's end. */
function seasonal(p: ExplainPoint, input: ExplainInput, pe: DayNumber, causes: Cause[], notAssessed: NotAssessed[]): void {
  if (!WATER.includes(p.resource) || p.usageType !== 'residential') return
  const start = addMonths(pe, -12)
  const months: { from: DayNumber; to: DayNumber; summer: boolean }[] = []
  for (let a = start; a < pe; a = addMonths(a, 1)) {
    const m = yearMonthOf(a).month
    if (m >= 5 && m <= 9) months.push({ from: a, to: addMonths(a, 1), summer: true })
    else if (m >= 11 || m <= 3) months.push({ from: a, to: addMonths(a, 1), summer: false })
  }
  const vols = volumesOver(p, months, input.today)
  let sv = FX_ZERO, sd = 0, wv = FX_ZERO, wd = 0
  vols.forEach((v, i) => {
    if (v.value === null || v.quality === 'estimated') return
    if (months[i]!.summer) { sv = add(sv, v.value); sd += v.days } else { wv = add(wv, v.value); wd += v.days }
  })
  if (sd < 60 || wd < 60) {
    notAssessed.push({ code: 'non_residential_use', variant: 'no_seasons', servicePointId: p.id, evidence: { summerDays: sd, winterDays: wd, daysNeeded: 60 } })
    return
  }
  const summer = div(sv, fxInt(sd), 6)
  const winter = div(wv, fxInt(wd), 6)
  const billMonth = yearMonthOf(toDayNumber(input.bill.periodStart)).month
  if (sign(winter) > 0 && cmp(summer, mulNum(winter, SEASONAL)) >= 0 && billMonth >= 4 && billMonth <= 9) {
    causes.push({ code: 'non_residential_use', variant: 'summer', likelihood: 'possible', servicePointId: p.id,
      evidence: { summerPerDay: t3(summer), winterPerDay: t3(winter), ratio: toText(round(div(summer, winter, 6), 2)) } })
  }
}

/** 17.1: lines priced above the allowed consumption (the excess line) or by stepped bands. */
function abovePattern(lines: ExplainLine[], causes: Cause[]): void {
  for (const l of lines) {
    if (l.line !== 'excess' || l.volume === null || sign(fx(l.volume)) <= 0) continue
    const allowed = lines.find((x) => x.line === 'allowed' && x.servicePointId === l.servicePointId)
    causes.push({ code: 'above_pattern', variant: 'excess', likelihood: 'likely', servicePointId: l.servicePointId,
      evidence: { excessVolume: l.volume, allowedVolume: allowed?.volume ?? null, excessCharge: l.amount, line: l.lineNo } })
  }
}

function estimatedLines(lines: ExplainLine[]): EstimatedLine[] {
  const out: EstimatedLine[] = []
  for (const l of lines) {
    if (l.trace['reverses']) continue
    const rule = String(l.trace['rule'] ?? '')
    const estimated = l.trace['estimated'] === true || rule.includes('ESTIMATE')
    if (!estimated && !(l.method !== null && FALLBACK_METHODS.includes(l.method))) continue
    const notes = Array.isArray(l.trace['notes']) ? (l.trace['notes'] as string[]) : []
    out.push({ lineNo: l.lineNo, servicePointId: l.servicePointId, line: l.line, method: l.method, estimated,
      reason: [rule, ...notes].filter(Boolean).join('; ') || 'the line carries no rule' })
  }
  return out
}

/** This bill's charges against the average of the last bills' (newest first; AVERAGE_PERIODS of them): the payment document's note uses it alone. */
export function againstUsual(charges: string, previous: string[]): { averageOfPrevious: string | null; changePercent: string | null; wellAboveUsual: boolean; ratio: Fx | null } {
  const prev = previous.slice(0, AVERAGE_PERIODS)
  const c = fx(charges)
  const avg = prev.length ? div(prev.reduce((s, b) => add(s, fx(b)), FX_ZERO), fxInt(prev.length), 2) : null
  const ratio = avg && sign(avg) > 0 ? div(c, avg, 6) : null
  return { averageOfPrevious: avg && toText(avg), changePercent: avg ? pct(c, avg) : null, wellAboveUsual: ratio !== null && cmp(ratio, WELL_ABOVE) >= 0, ratio }
}

export function explainBill(input: ExplainInput): BillExplanation {
  const causes: Cause[] = []
  const notAssessed: NotAssessed[] = []
  abovePattern(input.lines, causes)
  const servicePoints = input.points.map((p) => compare(p, input, causes, notAssessed))
  const est = estimatedLines(input.lines)
  const prev = input.previousBills.slice(0, AVERAGE_PERIODS)
  const charges = fx(input.bill.charges)
  const usual = againstUsual(input.bill.charges, prev.map((b) => b.charges))
  const avg = usual.averageOfPrevious === null ? null : fx(usual.averageOfPrevious)
  const ratio = usual.ratio
  const verdict = ratio === null ? 'unknown' : cmp(ratio, HIGH) >= 0 ? 'high' : cmp(ratio, LOW) <= 0 ? 'low' : 'usual'
  const wellAboveUsual = usual.wellAboveUsual
  return {
    verdict, amount: { charges: toText(charges), averageOfPrevious: avg && toText(avg), previousBills: prev.length, changePercent: avg ? pct(charges, avg) : null },
    wellAboveUsual, servicePoints, estimatedLines: est, causes, notAssessed,
  }
}
