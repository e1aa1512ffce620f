// POST /v1/calculations and GraphQL calculate: every golden case that is a
// service-point calculation gives the exact amounts through both adapters;
// bad input is a 4xx problem naming the field; nothing is stored.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import { Big } from '../helpers/big.ts'
import { capacityExampleRequest, exampleResponse, normativeExampleRequest } from '../../src/app/calculations/examples.ts'
import { bearer, testApp } from '../helpers/app.ts'

interface GoldenCase { id: string; method: string; inputs: Record<string, any>; expected: Record<string, any> }
const { cases } = JSON.parse(readFileSync(new URL('../../../shared/golden/cases.json', import.meta.url), 'utf8')) as { cases: GoldenCase[] }

const { app, db, tenant } = await testApp(t)
const ro = bearer(tenant.keys.readonly)

const post = (body: unknown, headers: Record<string, string> = ro) => app.inject({ method: 'POST', url: '/v1/calculations', headers, payload: body as any })

const CALCULATE = `query ($input: CalculationInput!) { calculate(input: $input) {
  lines { service kind line method normativePart tariffVersion volume rate amount interval { from to } trace { rule inputs formula notes } }
  totals { currency volume charges payable carry currentBill } errors { code message days { from to } details } warnings { code } } }`
const gql = (input: unknown) => app.inject({ method: 'POST', url: '/graphql', headers: ro, payload: { query: CALCULATE, variables: { input } } })

const flatTariff = (rate: string, usage: string, extra: Record<string, unknown> = {}) =>
  ({ versions: [{ id: `t-${usage}`, service: 'cold_water', usage, from: '2010-01-01', to: null, volume: { line: 'cold_water', price: { shape: 'flat', rate } }, ...extra }] })

function unauthorized(c: GoldenCase, days: number, act: Record<string, unknown>) {
  const to = new Date(Date.UTC(2025, 0, 1) + days * 86_400_000).toISOString().slice(0, 10)
  return {
    servicePoint: { id: 'org-1', resource: 'cold_water', customerKind: 'organization', diameterMm: '15', usage: 'non_residential' },
    interval: { from: '2025-01-01', to },
    acts: [{ kind: 'unauthorized_connection', from: '2025-01-01', to, ...act }],
    tariffs: flatTariff(c.inputs.tariff_per_m3, 'non_residential'), currency: c.inputs.currency,
    ...(c.inputs.pi ? { policy: { pi: c.inputs.pi, waterSpeedMPerS: c.inputs.speed_m_s } } : {}),
    today: '2030-01-01',
  }
}

function normative(c: GoldenCase, technicalImpossibility: boolean) {
  return {
    servicePoint: { id: 'flat-1', resource: 'cold_water', customerKind: 'residential', diameterMm: '15', usage: 'residential' },
    interval: { from: '2019-03-01', to: '2019-04-01' },
    acts: technicalImpossibility ? [{ kind: 'technical_impossibility', date: '2019-03-10' }] : [],
    residents: [{ from: '2010-01-01', count: c.inputs.residents }],
    norms: [{ resource: 'cold_water', from: '2010-01-01', perPersonPerMonth: c.inputs.norm_m3_per_person_month }],
    coefficients: [{ resource: 'cold_water', from: '2016-07-01', value: c.inputs.coefficient ?? '1.5' }],
    tariffs: flatTariff(c.inputs.tariff_per_m3, 'residential'), currency: c.inputs.currency, today: '2019-04-02',
  }
}

function metered(opening: string, closing: string, tariffs: unknown, currency: string, residents = 1) {
  return {
    servicePoint: { id: 'flat-2', resource: 'cold_water', customerKind: 'residential', diameterMm: '15', usage: 'residential' },
    interval: { from: '2019-03-01', to: '2019-04-01' },
    meters: [{ id: 'm1', serial: 'S1', digits: 5, decimals: 3, events: [{ kind: 'commissioned', date: '2019-01-10', index: '0' }] }],
    readings: [{ meterId: 'm1', date: '2019-02-28', index: opening }, { meterId: 'm1', date: '2019-03-31', index: closing }],
    residents: [{ from: '2019-01-01', count: residents }],
    tariffs, currency, today: '2019-04-02',
  }
}

type Tt = Pick<typeof t, 'equal' | 'same' | 'match' | 'ok'>
type Check = (tt: Tt, r: any) => void
const sum = (lines: any[], pick: (l: any) => boolean) => lines.filter(pick).reduce((a, l) => a.plus(l.amount), new Big(0))

/** golden case → the requests and what each answer must show */
const handlers: Record<string, (c: GoldenCase) => [string, unknown, Check][]> = {
  'capacity-unauthorized-15mm-30d': (c) => [[c.id, unauthorized(c, c.inputs.days, {}), (tt, r) => {
    tt.equal(new Big(r.lines[0].volume).toFixed(4), c.expected.volume_m3)
    tt.equal(r.lines[0].method, 'capacity')
    tt.equal(r.totals.payable, c.expected.amount)
  }]],
  'capacity-unauthorized-15mm-1y-approx': (c) => [[c.id, unauthorized(c, 30 * c.inputs.months_of_30_days, {}), (tt, r) => {
    tt.equal(new Big(r.totals.payable).round(0).toFixed(0), c.expected.amount_whole_rub)
  }]],
  'device-flow-hose-table': (c) => c.inputs.rows.map((row: any, i: number) => [`${c.id} ${row.diameter_mm} mm`,
    unauthorized(c, c.inputs.days, { ratedFlowLPerMin: String(row.litres_per_minute) }), (tt: Tt, r: any) => {
      tt.equal(new Big(r.lines[0].volume).toFixed(), c.expected.rows[i].volume_m3)
      tt.equal(r.totals.payable, new Big(c.expected.rows[i].amount).toFixed(2))
      tt.match(r.lines[0].trace.rule, /rule 1 unauthorized_connection/)
    }]),
  'normative-family-of-four-with-coefficient': (c) => [[c.id, normative(c, false), (tt, r) => {
    tt.same(r.lines.map((l: any) => [l.normativePart, l.amount]), [['base', c.expected.base_amount], ['surcharge', c.expected.surcharge_amount]])
    tt.equal(r.totals.payable, c.expected.amount)
  }]],
  'normative-technical-impossibility-act': (c) => [[c.id, normative(c, true), (tt, r) => {
    tt.equal(sum(r.lines, (l) => l.normativePart === 'surcharge').toFixed(2), c.expected.surcharge_amount)
    tt.equal(r.totals.payable, c.expected.amount)
    tt.match(r.lines[1].trace.notes, [/technical impossibility/])
  }]],
  'metered-8m3': (c) => [[c.id, metered(c.inputs.opening_index, c.inputs.closing_index, flatTariff(c.inputs.tariff_per_m3, 'residential'), c.inputs.currency), (tt, r) => {
    tt.ok(new Big(r.totals.volume).eq(c.expected.volume_m3))
    tt.equal(r.totals.payable, c.expected.amount)
  }]],
  'metered-zero-with-registered-residents': (c) => [[c.id, metered(c.inputs.opening_index, c.inputs.closing_index, flatTariff(c.inputs.tariff_per_m3, 'residential'), c.inputs.currency, c.inputs.registered_residents), (tt, r) => {
    tt.ok(new Big(r.totals.volume).eq(c.expected.volume_m3))
    tt.equal(r.totals.payable, c.expected.amount)
  }]],
  // 40 m³ at 20 000 rials = the example's water price 800 000; subscription, project 25%, tax 3%, rounding to thousands
  'iran-bill-surcharges-and-tax': (c) => {
    const tariffs = { versions: [{ id: 'ir', service: 'cold_water', usage: c.inputs.usage, from: '2010-01-01', to: null,
      volume: { line: 'water_price', price: { shape: 'flat', rate: new Big(c.inputs.water_price).div(40).toFixed() } },
      fixedFees: [{ line: 'subscription', amount: c.inputs.subscription_fee, per: 'connection', proRata: false }],
      surcharges: [{ line: 'water_project', percent: '25', of: ['water_price'], when: 'water_project' }],
      taxes: [{ line: 'tax', percent: '3', of: ['subscription', 'water_price', 'excess_charge', 'water_project'] }] }] }
    const body: any = metered('100', '140', tariffs, c.inputs.currency)
    body.servicePoint.flags = c.inputs.water_project_subscriber ? ['water_project'] : []
    body.previousCarry = c.inputs.previous_remainder
    return [[c.id, body, (tt, r) => {
      tt.equal(r.lines.find((l: any) => l.line === 'water_project').amount, c.expected.water_project_charge)
      tt.equal(r.lines.find((l: any) => l.line === 'tax').amount, c.expected.tax)
      tt.equal(r.totals.charges, c.expected.total)
      tt.equal(r.totals.payable, c.expected.payable_rounded)
      tt.equal(r.totals.carry, c.expected.carried_remainder)
    }]]
  },
}
/** golden cases that are not a service-point calculation (a coefficient table, connection fees) */
const NOT_A_CALCULATION = new Set(['normative-coefficient-schedule', 'iran-connection-fee-residential', 'iran-connection-fee-commercial'])

t.test('golden cases through POST /v1/calculations and GraphQL calculate', async (t) => {
  for (const c of cases) {
    if (NOT_A_CALCULATION.has(c.id)) continue
    const handler = handlers[c.id]
    if (!handler) { t.fail(`golden case ${c.id} is not handled by calculations.test.ts`); continue }
    for (const [name, body, check] of handler(c)) {
      await t.test(`REST ${name}`, async (tt) => {
        const r = await post(body)
        tt.equal(r.statusCode, 200, r.body)
        check(tt, r.json())
        tt.same(r.json().errors, [])
      })
      await t.test(`GraphQL ${name}`, async (tt) => {
        const r = await gql(body)
        tt.notOk(r.json().errors, r.body)
        check(tt, r.json().data.calculate)
      })
    }
  }
})

t.test('every line can be redone by hand: rule, interval, inputs, formula', async (t) => {
  const r = (await post(normativeExampleRequest)).json()
  for (const l of r.lines) {
    t.match(l.trace, { rule: /rule 5 no_meter: normative/, inputs: { method: 'normative', from: '2019-03-01', to: '2019-04-01', days: 31, residents: 4, rate: '20.28' } })
    t.match(l.trace.formula, /4 × 6\.36 × 31\/31 = 25\.44.*× 20\.28 = /)
  }
})

t.test('the documented examples are what the server answers', async (t) => {
  for (const body of [capacityExampleRequest, normativeExampleRequest]) {
    const r = await post(body)
    t.same(r.json(), JSON.parse(JSON.stringify(exampleResponse(body))))
  }
  const doc = (await app.inject({ method: 'GET', url: '/openapi.yaml' })).body
  t.match(doc, /10542\.49/)
  t.match(doc, /773\.88/)
})

t.test('uncovered days are listed in errors, the other days priced (200)', async (t) => {
  const body = { ...capacityExampleRequest, interval: { from: '2026-03-01', to: '2026-05-01' } }
  const r = await post(body)
  t.equal(r.statusCode, 200, r.body)
  t.match(r.json().errors, [{ code: 'uncovered_days', servicePointId: 'shop-7', days: { from: '2026-03-01', to: '2026-04-01' } }])
  t.equal(r.json().totals.payable, '10542.49')
  const { today: _today, ...withoutToday } = body
  const d = (await post(withoutToday)).json()
  t.match(d.today, /^\d{4}-\d{2}-\d{2}$/, 'today defaults to the tenant\'s today')
  const g = (await gql(body)).json().data.calculate
  t.match(g.errors, [{ code: 'uncovered_days', days: { from: '2026-03-01', to: '2026-04-01' }, details: { reason: String } }])
})

t.test('bad input: 4xx problem+json naming the field', async (t) => {
  const base: any = capacityExampleRequest
  const bad: [string, any, number, string, string][] = [
    ['missing field', { ...base, tariffs: undefined }, 400, 'validation_error', 'body.tariffs'],
    ['wrong type', { ...base, servicePoint: { ...base.servicePoint, diameterMm: true } }, 400, 'validation_error', 'body.servicePoint.diameterMm'],
    ['huge number', { ...base, tariffs: { versions: [{ ...base.tariffs.versions[0], volume: { line: 'x', price: { shape: 'flat', rate: '1e309' } } }] } }, 400, 'validation_error', 'body.tariffs.versions.0.volume.price.rate'],
    ['huge integer', { ...base, servicePoint: { ...base.servicePoint, diameterMm: 12345678901234567890 } }, 400, 'validation_error', 'body.servicePoint.diameterMm'],
    ['bad date', { ...base, interval: { from: '2026-02-30', to: '2026-05-01' } }, 400, 'validation_error', 'body.interval.from'],
    ['reversed interval', { ...base, interval: { from: '2026-05-01', to: '2026-04-01' } }, 400, 'validation_error', 'body.interval.to'],
    ['too long an interval', { ...base, interval: { from: '2000-01-01', to: '2026-04-01' } }, 400, 'validation_error', 'body.interval.to'],
    ['unknown field', { ...base, servicePoint: { ...base.servicePoint, diameter: '15' } }, 400, 'validation_error', 'body.servicePoint'],
    ['unknown act kind', { ...base, acts: [{ kind: 'burglary', date: '2026-04-01' }] }, 400, 'validation_error', 'body.acts.0.kind'],
    ['unknown policy parameter', { ...base, policy: { speed: '2' } }, 400, 'validation_error', 'body.policy'],
    ['unknown tariff', { ...base, servicePoint: { ...base.servicePoint, usage: 'commercial' } }, 422, 'tariff_not_found', 'body.servicePoint.usage'],
    ['unknown network point', { ...base, acts: [], servicePoint: { ...base.servicePoint, transit: { downstreamPointIds: ['nowhere'] } } }, 422, 'unknown_point', 'body.network'],
  ]
  for (const [name, body, status, code, path] of bad) {
    const r = await post(body)
    t.equal(r.statusCode, status, `${name}: ${r.body}`)
    t.match(r.headers['content-type'], /application\/problem\+json/, name)
    t.equal(r.json().code, code, name)
    t.ok(r.json().errors?.some((e: any) => e.path.startsWith(path)), `${name}: names ${path} (${JSON.stringify(r.json().errors)})`)
  }
  const malformed = await app.inject({ method: 'POST', url: '/v1/calculations', headers: { ...ro, 'content-type': 'application/json' }, payload: '{"servicePoint":' })
  t.equal(malformed.statusCode, 400)
  const g = (await gql({ ...base, servicePoint: { ...base.servicePoint, diameterMm: true } })).json()
  t.equal(g.errors[0].extensions.code, 'validation_error')
  t.match(g.errors[0].extensions.errors, [{ path: 'input.servicePoint.diameterMm' }])
  const gt = (await gql({ ...base, servicePoint: { ...base.servicePoint, usage: 'commercial' } })).json()
  t.equal(gt.errors[0].extensions.code, 'tariff_not_found')
  t.match(gt.errors[0].extensions.errors, [{ path: 'input.tariffs' }, { path: 'input.servicePoint.usage' }])
  const anon = await app.inject({ method: 'POST', url: '/v1/calculations', payload: base })
  t.equal(anon.statusCode, 401)
})

t.test('any key may calculate; nothing is written', async (t) => {
  const tables = ['customers', 'servicePoints', 'meters', 'meterEvents', 'acts', 'readings', 'residents', 'idempotencyKeys'] as const
  const counts = async () => Promise.all(tables.map(async (tb) => Number((await db.selectFrom(tb).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n)))
  const before = await counts()
  for (const key of Object.values(tenant.keys)) {
    const r = await post(normativeExampleRequest, { ...bearer(key), 'idempotency-key': `calc-${key.slice(-6)}` })
    t.equal(r.statusCode, 200, r.body)
    t.equal(r.json().totals.payable, '773.88')
  }
  t.same(await counts(), before, 'the same row counts before and after')
})
