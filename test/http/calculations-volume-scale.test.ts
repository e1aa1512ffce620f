// Issue 9 §3 through POST /v1/calculations and GraphQL calculate: volumes are
// shown at the policy's scale (volumePlaces, default 6, half-up; or a metered
// volume at its meter's resolution), the line is priced from the unrounded
// volume, which the trace keeps; π passes with its full double digits.
import t from 'tap'
import { Big } from '../helpers/big.ts'
import { bearer, testApp } from '../helpers/app.ts'

const { app, tenant } = await testApp(t)
const ro = bearer(tenant.keys.readonly)
const post = (body: unknown) => app.inject({ method: 'POST', url: '/v1/calculations', headers: ro, payload: body as any })

const tariffs = (usage: string) => ({ versions: [{ id: `t-${usage}`, service: 'cold_water', usage, from: '2010-01-01', to: null, volume: { line: 'cold_water', price: { shape: 'flat', rate: '41.41' } } }] })

/** 10 days of an unauthorized DN15 connection: π × 15² × 1.2 × 864000 ÷ 4,000,000 m³ */
const capacity = (policy: Record<string, unknown> = {}) => ({
  servicePoint: { id: 'org-1', resource: 'cold_water', customerKind: 'organization', diameterMm: '15', usage: 'non_residential' },
  interval: { from: '2025-01-01', to: '2025-01-11' },
  acts: [{ kind: 'unauthorized_connection', from: '2025-01-01', to: '2025-01-11' }],
  tariffs: tariffs('non_residential'), currency: 'RUB', today: '2030-01-01', policy,
})

const exactCapacity = (pi: string) => new Big(pi).times(225).times('1.2').times(864_000).div(4_000_000)

t.test('π with its full double digits, as a string or a JSON number', async (t) => {
  for (const pi of ['3.141592653589793', 3.141592653589793, '3.14159265358979323846']) {
    const r = await post(capacity({ pi }))
    t.equal(r.statusCode, 200, `${pi}: ${r.body}`)
    t.equal(r.json().policy.pi, String(pi))
  }
  const tooLong = await post(capacity({ pi: '3.141592653589793238462' }))
  t.equal(tooLong.statusCode, 400, 'more places than the computation keeps (20) are refused')
})

t.test('the volume at 6 places, the amount from the exact volume, the rounding in the trace', async (t) => {
  const r = await post(capacity({ pi: '3.141592653589793' }))
  t.equal(r.statusCode, 200, r.body)
  const c = r.json()
  const exact = exactCapacity('3.141592653589793')
  const line = c.lines.find((l: any) => l.kind === 'volume')
  t.equal(line.volume, exact.round(6).toFixed(), `shown ${line.volume}`)
  t.same(line.trace.volumeRounding, { exact: exact.toFixed(), shown: exact.round(6).toFixed(), places: 6, mode: 'half_up' })
  t.equal(line.amount, exact.times('41.41').round(2).toFixed(2), 'priced from the exact volume (volume-methods.md: rounding once, on money)')
  t.equal(c.volumes[0].volume, exact.round(6).toFixed())
  t.equal(c.volumes[0].trace.volumeRounding.exact, exact.toFixed())
  t.equal(c.totals.volume, exact.round(6).toFixed())
  for (const v of [line.volume, c.volumes[0].volume, c.totals.volume]) t.ok(/^\d+\.\d{1,6}$/.test(v), `${v}: no 20-digit decimals`)
})

t.test('volumePlaces and volumeRounding from the policy', async (t) => {
  const exact = exactCapacity(String(Math.PI))
  const two = (await post(capacity({ volumePlaces: 2 }))).json()
  t.equal(two.lines[0].volume, exact.round(2).toFixed())
  t.equal(two.lines[0].trace.volumeRounding.places, 2)
  const down = (await post(capacity({ volumePlaces: 3, volumeRounding: 'down' }))).json()
  t.equal(down.lines[0].volume, exact.round(3, Big.roundDown).toFixed())
  t.equal(down.lines[0].amount, two.lines[0].amount, 'the amount does not depend on the shown scale')
  t.equal((await post(capacity({ volumePlaces: 21 }))).statusCode, 400)
  t.equal((await post(capacity({ volumeRounding: 'sideways' }))).statusCode, 400)
})

t.test('a whole-m³ volume is shown as is, with no rounding in the trace', async (t) => {
  const r = await post({
    servicePoint: { id: 'flat-2', resource: 'cold_water', customerKind: 'residential', diameterMm: '15', usage: 'residential' },
    interval: { from: '2019-03-01', to: '2019-04-01' },
    meters: [{ id: 'm1', serial: 'S1', digits: 5, decimals: 1, events: [{ kind: 'commissioned', date: '2019-01-10', index: '0' }] }],
    readings: [{ meterId: 'm1', date: '2019-02-28', index: '10' }, { meterId: 'm1', date: '2019-03-31', index: '18' }],
    tariffs: tariffs('residential'), currency: 'RUB', today: '2019-04-02',
  })
  t.equal(r.statusCode, 200, r.body)
  t.equal(r.json().lines[0].volume, '8')
  t.equal(r.json().lines[0].trace.volumeRounding, undefined)
})

t.test('volumePlacesOfMeter: a metered share of a reading interval at the meter\'s resolution', async (t) => {
  const body = (policy: Record<string, unknown>) => ({
    servicePoint: { id: 'flat-2', resource: 'cold_water', customerKind: 'residential', diameterMm: '15', usage: 'residential' },
    interval: { from: '2019-03-01', to: '2019-04-01' },
    meters: [{ id: 'm1', serial: 'S1', digits: 5, decimals: 1, events: [{ kind: 'commissioned', date: '2019-01-10', index: '0' }] }],
    // [03-01, 04-15) holds 45 days and 100 m³: March is 100 × 31 / 45 by interpolation
    readings: [{ meterId: 'm1', date: '2019-02-28', index: '0' }, { meterId: 'm1', date: '2019-04-14', index: '100' }],
    tariffs: tariffs('residential'), currency: 'RUB', today: '2019-05-02', policy,
  })
  const plain = (await post(body({}))).json()
  const exact = new Big(plain.lines[0].trace.volumeRounding.exact)
  t.equal(plain.lines[0].volume, exact.round(6).toFixed())
  const r = await post(body({ volumePlacesOfMeter: true }))
  t.equal(r.statusCode, 200, r.body)
  const c = r.json()
  t.equal(c.volumes[0].volume, exact.round(1).toFixed(), 'the segment at the meter\'s one decimal')
  t.equal(c.lines[0].volume, exact.round(1).toFixed(), 'the line too')
  t.equal(c.lines[0].trace.volumeRounding.places, 1)
  t.equal(c.lines[0].amount, plain.lines[0].amount)
})

t.test('GraphQL calculate returns the rounding in the trace', async (t) => {
  const query = `query ($input: CalculationInput!) { calculate(input: $input) { lines { volume amount trace { volumeRounding { exact shown places mode } } } totals { volume } } }`
  const r = await app.inject({ method: 'POST', url: '/graphql', headers: ro, payload: { query, variables: { input: capacity({ pi: '3.141592653589793' }) } } })
  t.equal(r.statusCode, 200, r.body)
  const exact = exactCapacity('3.141592653589793')
  t.same(r.json().data.calculate.lines[0].trace.volumeRounding, { exact: exact.toFixed(), shown: exact.round(6).toFixed(), places: 6, mode: 'half_up' })
  t.equal(r.json().data.calculate.lines[0].volume, exact.round(6).toFixed())
})
