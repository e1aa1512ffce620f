import t from 'tap'
import { isoWeekday, nextPickups, pickupDates, ruleDates, type PickupRule } from '../../../src/core/waste/pickup-dates.ts'

const rule = (over: Partial<PickupRule> = {}): PickupRule => ({ id: 'r1', fraction: 'residual', bin: '190 l', weekday: 3, everyWeeks: 2, anchor: '2026-11-04',
  validFrom: '2026-01-01', validTo: null, basis: 'route', confirmedThrough: '2026-12-02', ...over })

t.test('weekdays', async (t) => {
  t.equal(isoWeekday('1970-01-01'), 4, 'a Thursday')
  t.equal(isoWeekday('2026-11-25'), 3, 'a Wednesday')
  t.equal(isoWeekday('2026-11-29'), 7, 'a Sunday')
  t.equal(isoWeekday('2026-11-30'), 1, 'a Monday')
})

t.test('every other Wednesday from the anchor, both ways', async (t) => {
  t.same(ruleDates(rule(), '2026-10-20', '2026-12-31'), ['2026-10-21', '2026-11-04', '2026-11-18', '2026-12-02', '2026-12-16', '2026-12-30'])
  t.same(ruleDates(rule({ everyWeeks: 1, weekday: 1, anchor: '2026-11-30' }), '2026-11-25', '2026-12-15'), ['2026-11-30', '2026-12-07', '2026-12-14'])
  t.same(ruleDates(rule({ everyWeeks: 4 }), '2026-11-01', '2027-01-31'), ['2026-11-04', '2026-12-02', '2026-12-30', '2027-01-27'], 'every N weeks')
  t.same(ruleDates(rule({ validFrom: '2026-11-10', validTo: '2026-12-10' }), '2026-10-01', '2026-12-31'), ['2026-11-18', '2026-12-02'], 'within its validity')
  t.throws(() => ruleDates(rule({ anchor: '2026-11-05' }), '2026-11-01', '2026-11-30'), RangeError)
})

t.test('reliability: confirmed by the route, planned, estimated', async (t) => {
  const got = pickupDates([rule(), rule({ id: 'r2', fraction: 'food', weekday: 5, everyWeeks: 1, anchor: '2026-11-27', basis: 'estimate', confirmedThrough: null })], [], '2026-11-25', '2026-12-17')
  t.same(got.map((d) => [d.date, d.fraction, d.reliability]), [
    ['2026-11-27', 'food', 'estimated'],
    ['2026-12-02', 'residual', 'confirmed'],
    ['2026-12-04', 'food', 'estimated'],
    ['2026-12-11', 'food', 'estimated'],
    ['2026-12-16', 'residual', 'planned'],
  ])
  t.match(got[4]!.why, /after 2026-12-02/)
  const plan = pickupDates([rule({ basis: 'plan', confirmedThrough: null })], [], '2026-11-25', '2026-12-05')
  t.same(plan.map((d) => d.reliability), ['planned'])
})

t.test('exceptions: cancelled and moved dates', async (t) => {
  const got = pickupDates([rule()], [
    { ruleId: 'r1', date: '2026-12-02', kind: 'moved', movedTo: '2026-12-03', basis: 'route', reason: 'holiday' },
    { ruleId: 'r1', date: '2026-12-16', kind: 'cancelled', movedTo: null, basis: 'plan', reason: null },
    { ruleId: 'other', date: '2026-12-30', kind: 'cancelled', movedTo: null, basis: 'plan', reason: null },
  ], '2026-11-25', '2026-12-31')
  t.same(got.map((d) => [d.date, d.movedFrom, d.reliability]), [['2026-12-03', '2026-12-02', 'confirmed'], ['2026-12-30', null, 'planned']])
  t.match(got[0]!.why, /moved from 2026-12-02 \(holiday\), by the collection route/)
  // a date moved into the window from before it
  const into = pickupDates([rule()], [{ ruleId: 'r1', date: '2026-11-18', kind: 'moved', movedTo: '2026-11-26', basis: 'plan', reason: null }], '2026-11-25', '2026-11-30')
  t.same(into.map((d) => d.date), ['2026-11-26'])
})

t.test('the next pickups', async (t) => {
  t.same(nextPickups([rule()], [], '2026-11-25', 3).map((d) => d.date), ['2026-12-02', '2026-12-16', '2026-12-30'])
  t.same(nextPickups([rule({ validTo: '2026-12-01' })], [], '2026-11-25', 3), [], 'a rule that ended')
})
