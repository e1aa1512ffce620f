import t from 'tap'
import { connectionFees, IRAN_CONNECTION_FEES } from '../../../src/core/bill/connection-fees.ts'

t.test('non-residential without commercial value', async (t) => {
  const r = connectionFees({ usage: 'non_residential', countyAdjustmentFactor: '1', contractCapacityM3: '3' })
  // 1 × 150000 × 30 × 3 = 13500000; wastewater 70% = 9450000
  t.same([r.capacityFee, r.commercialValue, r.waterFee, r.wastewaterFee], ['13500000', null, '13500000', '9450000'])
  t.match(r.trace.formula, /1 × 150000 × 30 × 3 = 13500000/)
})

t.test('policy parameters replace the defaults', async (t) => {
  const r = connectionFees({ usage: 'residential', units: 2 }, { ...IRAN_CONNECTION_FEES, residentialPerUnit: '750000', wastewaterPercent: '100' })
  t.same([r.waterFee, r.wastewaterFee], ['1500000', '1500000'])
  t.throws(() => connectionFees({ usage: 'residential', units: 0 }))
})
