// The pure reading rules: given a reading, the meter's facts, the previous
// accepted reading and the policy, then the verdict. No database.
import t from 'tap'
import { judgeReading } from '../../../src/app/readings/rules/verdict.ts'
import { DEFAULT_READING_POLICY as policy } from '../../../src/app/readings/policy.ts'
import { canonicalDecimal, compareDecimal, fromScaled, toScaled } from '../../../src/app/readings/decimal-text.ts'
import { parseReadAt } from '../../../src/app/readings/read-at.ts'
import { startOfDayIn } from '../../../src/app/readings/zoned-day.ts'
import type { CandidateReading, MeterFacts, PreviousReading } from '../../../src/app/readings/facts.ts'

const DAY = 86_400_000
const now = Date.parse('2026-11-22T12:00:00Z')
const at = (iso: string) => parseReadAt(iso, (d) => Date.parse(d))!
const meter = (over: Partial<MeterFacts> = {}): MeterFacts => ({ meterId: 'm', digits: 5, decimals: 0, maxFlowScaled: toScaled('3'),
  readingKind: 'index', events: [], history: null, ...over })
const reading = (iso: string, value: string | null, kind: 'index' | 'consumption' | null = 'index'): CandidateReading => ({ at: at(iso), kind, value })
const prev = (iso: string, value: string): PreviousReading => ({ at: at(iso), value })

t.test('decimal strings compare exactly', async (t) => {
  t.equal(canonicalDecimal('0012.500'), '12.5')
  t.equal(canonicalDecimal('0.000'), '0')
  t.equal(compareDecimal('9.999', '10'), -1)
  t.equal(compareDecimal('10.01', '10.1'), -1)
  t.equal(compareDecimal('10', '10'), 0)
  t.equal(compareDecimal('123456789012345.000000001', '123456789012345'), 1)
  t.equal(fromScaled(toScaled('123456789012345.123456789')), '123456789012345.123456789', 'no float on the way')
})

t.test('instants keep microseconds; dates start in the zone', async (t) => {
  const a = at('2026-11-20T09:30:00.123456+03:00')
  t.equal(a.ms, Date.parse('2026-11-20T06:30:00.123Z'))
  t.equal(a.micro, 456)
  t.equal(parseReadAt('2026-02-30T10:00:00Z', () => 0), undefined)
  t.equal(new Date(startOfDayIn('Asia/Tehran', '2026-11-20')).toISOString(), '2026-11-19T20:30:00.000Z')
  t.equal(new Date(startOfDayIn('Europe/Stockholm', '2026-03-29')).toISOString(), '2026-03-28T23:00:00.000Z', 'DST day')
})

t.test('index order and rollover', async (t) => {
  const p = prev('2026-01-01T00:00:00Z', '99990')
  t.same(judgeReading(reading('2026-01-02T00:00:00Z', '99995'), meter(), p, now, policy), { status: 'accepted', reasons: [] })
  t.same(judgeReading(reading('2026-01-02T00:00:00Z', '5'), meter(), p, now, policy), { status: 'accepted', reasons: ['rollover'] })
  t.same(judgeReading(reading('2026-01-01T01:00:00Z', '5'), meter(), p, now, policy), { status: 'rejected', reasons: ['lower_index'] })
  t.same(judgeReading(reading('2026-01-02T00:00:00Z', '5'), meter({ maxFlowScaled: null }), p, now, policy), { status: 'flagged', reasons: ['rollover_unverified'] })
  t.same(judgeReading(reading('2026-01-02T00:00:00Z', '50000'), meter(), p, now, policy).reasons, ['lower_index'], '49,990 m³ in a day is no rollover')
  const commissioned = meter({ events: [{ kind: 'commissioned', dayStartMs: Date.parse('2026-01-05'), dayEndMs: Date.parse('2026-01-06'), index: '3' }] })
  t.same(judgeReading(reading('2026-01-06T00:00:00Z', '4'), commissioned, p, now, policy).status, 'accepted', 'a new start index after the previous reading')
})

t.test('spike against the history, per day', async (t) => {
  const history = { consumptionScaled: toScaled('90'), spanMs: 90 * DAY }
  const p = prev('2026-04-01T00:00:00Z', '190')
  const m = meter({ history })
  t.equal(judgeReading(reading('2026-04-02T00:00:00Z', '200'), m, p, now, policy).status, 'accepted', '10 a day is 10× — not above')
  t.same(judgeReading(reading('2026-04-02T00:00:00Z', '200.5'), meter({ history, decimals: 1 }), p, now, policy).reasons, ['spike'])
  t.equal(judgeReading(reading('2026-04-01T01:00:00Z', '195'), m, p, now, policy).status, 'accepted', 'an hour counts as a day')
  t.equal(judgeReading(reading('2026-04-02T00:00:00Z', '500'), meter({ history: { ...history, spanMs: 30 * DAY } }), p, now, policy).status, 'accepted',
    'a short history is no average')
  const hot = meter({ readingKind: 'consumption', history })
  t.same(judgeReading(reading('2026-04-02T00:00:00Z', '11', 'consumption'), hot, p, now, policy).reasons, ['spike'])
})

t.test('dates and kinds', async (t) => {
  const events: MeterFacts['events'] = [
    { kind: 'commissioned', dayStartMs: Date.parse('2026-01-10'), dayEndMs: Date.parse('2026-01-11'), index: null },
    { kind: 'dismantled', dayStartMs: Date.parse('2026-03-01'), dayEndMs: Date.parse('2026-03-02'), index: null },
  ]
  const m = meter({ events })
  t.same(judgeReading(reading('2026-01-09T23:59:59Z', '1'), m, null, now, policy).reasons, ['before_commissioning'])
  t.same(judgeReading(reading('2026-03-01T23:00:00Z', '1'), m, null, now, policy).reasons, [], 'the dismantling day itself')
  t.same(judgeReading(reading('2026-03-02T00:00:00Z', '1'), m, null, now, policy).reasons, ['after_dismantling'])
  t.same(judgeReading(reading('2026-11-22T12:09:00Z', '1'), meter(), null, now, policy).reasons, [], 'within the clock skew')
  t.same(judgeReading(reading('2026-11-22T12:11:00Z', '1'), meter(), null, now, policy).reasons, ['future_date'])
  t.same(judgeReading(reading('2026-01-01T00:00:00Z', '1.5'), meter(), null, now, policy).reasons, ['too_many_decimals'])
  t.same(judgeReading(reading('2026-01-01T00:00:00Z', '100000'), meter(), null, now, policy).reasons, ['exceeds_digits'])
  t.same(judgeReading(reading('2026-01-01T00:00:00Z', '1', 'consumption'), meter(), null, now, policy).reasons, ['consumption_on_index_meter'])
  t.same(judgeReading(reading('2026-01-01T00:00:00Z', '1', 'index'), meter({ readingKind: 'consumption' }), null, now, policy).reasons, ['index_on_consumption_meter'])
  t.same(judgeReading(reading('2026-01-01T00:00:00Z', null, null), meter(), null, now, policy), { status: 'accepted', reasons: [] }, 'a reader status')
})
