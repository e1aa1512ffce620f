// volumeAtScale: the pure helper the API, exports and documents show volumes
// with (issue 9 §3): plain decimal text, no exponent, rounded by the mode.
import t from 'tap'
import fc from 'fast-check'
import { Big } from '../../helpers/big.ts'
import { dec } from '../../../src/core/shared/decimal.ts'
import { volumeAtScale, volumeRounding, volumeScaleOf, withVolumeRounding } from '../../../src/core/shared/volume-scale.ts'

t.test('the reported volume at 6 places; modes; tiny and huge values without an exponent', async (t) => {
  t.equal(volumeAtScale('17.06944285714285714286'), '17.069443')
  t.equal(volumeAtScale('17.06944285714285714286', 6, 'down'), '17.069442')
  t.equal(volumeAtScale('0.0000005'), '0.000001', 'half-up')
  t.equal(volumeAtScale('0.0000005', 6, 'half_even'), '0')
  t.equal(volumeAtScale('0.0000001'), '0')
  t.equal(volumeAtScale('8'), '8')
  t.equal(volumeAtScale(dec('123456789012.1234565')), '123456789012.123457')
  t.equal(volumeAtScale('1e-30'), '0')
  t.equal(volumeAtScale('1.5e21', 2), '1500000000000000000000')
})

t.test('the trace gets the rounding only when it changes the figure', async (t) => {
  const scale = { places: 6, mode: 'half_up' as const }
  t.equal(volumeRounding('8.000000', scale), undefined)
  t.same(volumeRounding('0.69999999999999999990', scale), { exact: '0.6999999999999999999', shown: '0.7', places: 6, mode: 'half_up' })
  const tr = { rule: 'r', inputs: {}, formula: 'f' }
  t.equal(withVolumeRounding(tr, '8', scale), tr)
  t.equal(withVolumeRounding(tr, null, scale), tr)
  t.same(withVolumeRounding(tr, '1.23456789', scale), { ...tr, volumeRounding: { exact: '1.23456789', shown: '1.234568', places: 6, mode: 'half_up' } })
})

t.test('the policy scale is checked', async (t) => {
  t.same(volumeScaleOf({}), { places: 6, mode: 'half_up' })
  t.same(volumeScaleOf({ volumePlaces: 3, volumeRounding: 'down' }), { places: 3, mode: 'down' })
  t.throws(() => volumeScaleOf({ volumePlaces: 21 }), RangeError)
  t.throws(() => volumeScaleOf({ volumePlaces: 1.5 }), RangeError)
  t.throws(() => volumeScaleOf({ volumeRounding: 'sideways' }), RangeError)
})

t.test('property: within half a unit of the last place, plain text, at most `places` decimals', async () => {
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 30n }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 12 }), (u, e, places) => {
    const exact = new Big(u.toString()).div(new Big(10).pow(e))
    const shown = volumeAtScale(exact.toFixed(), places)
    const frac = shown.split('.')[1] ?? ''
    return /^\d+(\.\d+)?$/.test(shown) && frac.length <= places && new Big(shown).minus(exact).abs().lte(new Big('0.5').times(new Big(10).pow(-places)))
  }), { numRuns: 500 })
})
