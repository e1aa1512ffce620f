// DST days in the tenant's zone: a calendar day is still one day. Readings
// map to the tenant's calendar day by its zone; the core counts whole days
// of 86,400 s (Decree 776 §16: around-the-clock operation), so a 23- or
// 25-hour day bills like any other.
import t from 'tap'
import { startOfDayIn } from '../../../src/app/readings/zoned-day.ts'
import { DEFAULT_VOLUME_POLICY, volumeByCapacity } from '../../../src/core/volume/index.ts'
import { mulInt, toText } from '../../../src/core/shared/decimal.ts'

t.test('the start of a DST day in Europe/Stockholm and Asia/Tehran', async (t) => {
  // 2026-03-29: Stockholm goes from +01:00 to +02:00 at 02:00; midnight is still +01:00.
  t.equal(new Date(startOfDayIn('Europe/Stockholm', '2026-03-29')).toISOString(), '2026-03-28T23:00:00.000Z')
  t.equal(new Date(startOfDayIn('Europe/Stockholm', '2026-03-30')).toISOString(), '2026-03-29T22:00:00.000Z')
  const hours = (startOfDayIn('Europe/Stockholm', '2026-03-30') - startOfDayIn('Europe/Stockholm', '2026-03-29')) / 3_600_000
  t.equal(hours, 23, 'the spring day has 23 hours')
  const autumn = (startOfDayIn('Europe/Stockholm', '2026-10-26') - startOfDayIn('Europe/Stockholm', '2026-10-25')) / 3_600_000
  t.equal(autumn, 25, 'the autumn day has 25 hours')
  // Iran has had no DST since 2022: always +03:30.
  t.equal(new Date(startOfDayIn('Asia/Tehran', '2026-03-22')).toISOString(), '2026-03-21T20:30:00.000Z')
  t.equal(new Date(startOfDayIn('Asia/Irkutsk', '2026-11-01')).toISOString(), '2026-10-31T16:00:00.000Z')
})

t.test('a DST day is one day of 86,400 s for the capacity method', async (t) => {
  const policy = { ...DEFAULT_VOLUME_POLICY, pi: '3.14' }
  const source = { kind: 'pipe' as const, diameterMm: '15' }
  const oneDay = volumeByCapacity(source, 1, policy)
  t.equal(toText(oneDay.volume), '18.31248', '3.14 × 0.015² / 4 × 1.2 × 86400')
  const threeDays = volumeByCapacity(source, 3, policy) // 2026-03-28 … 2026-03-30 in Stockholm
  t.equal(toText(threeDays.volume), toText(mulInt(oneDay.volume, 3)))
})
