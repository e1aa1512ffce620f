import t from 'tap'
import { compileSchedule } from '../../../src/core/tariff/compile-schedule.ts'
import { tariffPieces } from '../../../src/core/tariff/select-tariff.ts'
import type { TariffVersion } from '../../../src/core/tariff/types.ts'

const v = (id: string, from: string, to: string | null, usage = 'residential'): TariffVersion =>
  ({ id, service: 'cold_water', usage, from, to, volume: { line: 'cold_water', price: { shape: 'flat', rate: '1' } } })

t.test('split by days at each change', async (t) => {
  const s = compileSchedule({ versions: [v('b', '2024-07-11', null), v('a', '2024-01-01', '2024-07-11'), v('x', '2024-01-01', null, 'commercial')] })
  const pieces = tariffPieces(s, 'cold_water', 'residential', { from: '2024-07-01', to: '2024-08-01' })
  t.same(pieces.map((p) => [p.version.id, p.interval.from, p.interval.to, p.days]), [
    ['a', '2024-07-01', '2024-07-11', 10],
    ['b', '2024-07-11', '2024-08-01', 21],
  ])
  t.same(tariffPieces(s, 'cold_water', 'commercial', { from: '2024-07-01', to: '2024-08-01' }).map((p) => p.days), [31])
})

t.test('gaps and overlaps', async (t) => {
  const s = compileSchedule({ versions: [v('a', '2024-01-01', '2024-07-05'), v('b', '2024-07-11', null)] })
  t.throws(() => tariffPieces(s, 'cold_water', 'residential', { from: '2024-07-01', to: '2024-08-01' }), { name: 'TariffNotFoundError', message: /\[2024-07-05, 2024-08-01\)/ })
  t.throws(() => tariffPieces(s, 'hot_water', 'residential', { from: '2024-07-01', to: '2024-08-01' }), { code: 'tariff_not_found' })
  t.throws(() => compileSchedule({ versions: [v('a', '2024-01-01', '2024-08-01'), v('b', '2024-07-11', null)] }), /overlap/)
})
