// summation over a graph of downstream points (004 §20, §27), cycles rejected;
// wastewater by supply (004 §23) with runoff and open hot water; water balance.
import t from 'tap'
import { DEFAULT_VOLUME_POLICY, settleVolumes } from '../../../src/core/volume/index.ts'
import type { PointFacts } from '../../../src/core/volume/index.ts'
import { facts, meter, point } from './fixtures/facts.ts'

const guaranteed = (id: string, perDay: string, downstream?: string[]): PointFacts => ({
  point: point({ id, guaranteedVolume: { perDay }, ...(downstream ? { transit: { downstreamPointIds: downstream } } : {}) }), meters: [], readings: [], acts: [],
})
const meteredPoint = (id: string, closing: string): PointFacts => ({
  point: point({ id }),
  meters: [meter({ id: `${id}-m`, events: [{ kind: 'commissioned', date: '2026-01-01', index: '0' }] })],
  readings: [{ meterId: `${id}-m`, date: '2026-03-31', index: closing }], acts: [],
})

t.test('a transit organization without a meter: Σ downstream, each by its own method, recursively', async (t) => {
  const network = { a: meteredPoint('a', '90'), b: guaranteed('b', '2'), t2: guaranteed('t2', '99', ['c']), c: guaranteed('c', '1') }
  const f = facts({ point: point({ id: 'transit', transit: { downstreamPointIds: ['a', 'b', 't2'] } }), network, interval: { from: '2026-03-01', to: '2026-04-01' } })
  const s = settleVolumes(f, DEFAULT_VOLUME_POLICY)
  t.same(s.errors, [])
  // a: 90 × 31/90 = 31; b: 2 × 31 = 62; t2 is itself transit without a meter → c: 31
  t.same(s.segments.map((x) => [x.method, x.volume]), [['summation', '124']])
  t.match(s.segments[0]!.trace.inputs, { a: '31', b: '62', t2: '31' })
})

t.test('a cycle in the graph is a typed error naming the points', async (t) => {
  const network = { b: guaranteed('b', '1', ['c']), c: guaranteed('c', '1', ['transit']) }
  const f = facts({ point: point({ id: 'transit', transit: { downstreamPointIds: ['b'] } }), network, interval: { from: '2026-03-01', to: '2026-03-02' } })
  const s = settleVolumes(f, DEFAULT_VOLUME_POLICY)
  t.match(s.errors, [{ code: 'summation_cycle', pointIds: ['transit', 'b', 'c', 'transit'] }])
})

t.test('an unknown downstream point is a typed error', async (t) => {
  const s = settleVolumes(facts({ point: point({ id: 'tr', transit: { downstreamPointIds: ['ghost'] } }), interval: { from: '2026-03-01', to: '2026-03-02' } }), DEFAULT_VOLUME_POLICY)
  t.match(s.errors, [{ code: 'unknown_point', missingPointId: 'ghost' }])
})

t.test('wastewater without a meter = cold + hot water received + runoff + open hot water', async (t) => {
  const network = { cold: meteredPoint('cold', '90'), hot: guaranteed('hot', '0.5') }
  const f = facts({
    point: point({ id: 'ww', resource: 'wastewater', wastewater: { sourcePointIds: ['cold', 'hot'], runoffPerMonth: '3.1', openHotWater: [{ from: '2026-03-01', to: '2026-05-01', volume: '61' }] } }),
    network, interval: { from: '2026-03-01', to: '2026-04-01' },
  })
  const s = settleVolumes(f, DEFAULT_VOLUME_POLICY)
  t.same(s.errors, [])
  // 31 + 15.5 + 3.1 + 61 × 31/61
  t.same(s.segments.map((x) => [x.method, x.volume]), [['wastewater_by_supply', '80.6']])
})

t.test('wastewater with an approved water balance (004 §23.1)', async (t) => {
  const f = facts({
    point: point({ id: 'ww', resource: 'wastewater', wastewater: { sourcePointIds: [] } }),
    waterBalances: [{ approvedOn: '2024-01-01', validUntil: '2034-01-01', averageDailyVolume: '10', outletPercent: '40' }],
    interval: { from: '2028-12-30', to: '2029-01-02' },
  })
  const s = settleVolumes(f, DEFAULT_VOLUME_POLICY)
  // valid at most 5 years: 2024-01-01 … 2029-01-01
  t.same(s.segments.map((x) => [x.method, x.interval.from, x.volume]), [['water_balance', '2028-12-30', '8'], ['wastewater_by_supply', '2029-01-01', '0']])
})
