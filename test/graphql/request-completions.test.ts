// Issue 12 §4 through GraphQL: staff complete a usage change and a temporary
// disconnection with transitionServiceRequest(completion), the records
// change, the bill run settles with them; a bad completion is a
// validation_error naming input.completion.… and changes nothing.
import t from 'tap'
import { bearer } from '../helpers/app.ts'
import { addAccounts, addSettlementData, billingTest } from '../app/billing/fixture.ts'

const { app, db, tenant, drain } = await billingTest(t)
await addSettlementData(db, tenant.id)
const acc = await addAccounts(db, tenant.id, 'GC')
const staff = bearer(tenant.keys.accounting)
const admin = bearer(tenant.keys.admin)
const gql = (query: string, variables: Record<string, unknown> = {}) =>
  app.inject({ method: 'POST', url: '/graphql', headers: staff, payload: { query, variables } }).then((r) => r.json())
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n')

async function request(accountId: string, type: string, details: Record<string, unknown>, documents: string[]): Promise<string> {
  const attachments: string[] = []
  for (const d of documents) {
    attachments.push((await app.inject({ method: 'POST', url: `/v1/accounts/${accountId}/request-attachments?documentType=${d}`, headers: { ...staff, 'content-type': 'application/pdf' }, payload: PDF })).json().id)
  }
  const r = await gql('mutation($input: ServiceRequestInput!) { createServiceRequest(input: $input) { id } }', { input: { accountId, type, attachments, details } })
  if (r.errors) throw new Error(JSON.stringify(r.errors))
  const id = r.data.createServiceRequest.id as string
  await gql('mutation($id: ID!) { transitionServiceRequest(id: $id, input: { to: in_review }) { status } }', { id })
  return id
}
const complete = (id: string, completion: unknown) => gql('mutation($id: ID!, $c: JSON) { transitionServiceRequest(id: $id, input: { to: done, completion: $c }) { status outcome } }', { id, c: completion })

t.test('usage change and temporary disconnection, completed through GraphQL', async (t) => {
  const usage = await request(acc.metered, 'usage_change', { currentUsage: 'residential', requestedUsage: 'non_residential' }, ['form_qf7201', 'id_card', 'ownership_deed', 'building_permit', 'water_bill'])
  const bad = await complete(usage, { effectiveOn: '2026-13-01' })
  t.equal(bad.errors[0].extensions.code, 'validation_error')
  t.ok(bad.errors[0].extensions.errors.some((e: { path: string }) => e.path === 'input.completion.effectiveOn'), JSON.stringify(bad.errors[0].extensions.errors))
  const ok = await complete(usage, { effectiveOn: '2026-10-16' })
  t.notOk(ok.errors, JSON.stringify(ok.errors))
  t.match(ok.data.transitionServiceRequest, { status: 'done', outcome: { effectiveOn: '2026-10-16', changes: [{ attribute: 'usageType', from: 'residential', to: 'non_residential' }] } })

  const off = await request(acc.normative, 'disconnection', { mode: 'temporary', fromDate: '2026-10-11', untilDate: '2026-10-21' }, ['form_qf7201', 'water_bill'])
  const done = await complete(off, {})
  t.notOk(done.errors, JSON.stringify(done.errors))
  t.match(done.data.transitionServiceRequest.outcome.changes, [{ attribute: 'disconnected', from: '2026-10-11', until: '2026-10-21' }])

  const point = await gql('query($id: ID!) { servicePoints(filter: { accountId: $id }) { items { usageType contractCapacityM3 closedOn } } }', { id: acc.metered })
  t.notOk(point.errors, JSON.stringify(point.errors))
  t.match(point.data.servicePoints.items, [{ usageType: 'non_residential', contractCapacityM3: null, closedOn: null }])

  t.equal((await app.inject({ method: 'POST', url: '/v1/bill-runs', headers: admin, payload: { periodStart: '2026-10-01' } })).statusCode, 202)
  await drain()
  const bills = await gql('query($a: ID!, $b: ID!) { a: bills(filter: { accountId: $a, period: "2026-10-01" }) { items { charges lines { kind line rate intervalFrom intervalTo } } } b: bills(filter: { accountId: $b, period: "2026-10-01" }) { items { charges lines { kind line intervalFrom intervalTo } } } }',
    { a: acc.metered, b: acc.normative })
  t.notOk(bills.errors, JSON.stringify(bills.errors))
  const metered = bills.data.a.items[0]
  t.same(metered.lines.filter((l: { kind: string }) => l.kind === 'volume').map((l: { rate: string }) => l.rate), ['20.28', '19.19'], 'the new usage\'s tariff from 16 October')
  const normative = bills.data.b.items[0]
  t.ok(Math.abs(Number(normative.charges) - 773.88 * 21 / 31) < 0.05, `21 of 31 days billed: ${normative.charges}`)
  t.match(normative.lines.find((l: { kind: string }) => l.kind === 'info'), { line: 'disconnected', intervalFrom: '2026-10-11', intervalTo: '2026-10-21' })
})

t.test('name change and a failed meter test through GraphQL', async (t) => {
  const name = await request(acc.uncovered, 'name_change', { newHolderName: 'Olga', newHolderSurname: 'Ivanova' }, ['form_qf7201', 'id_card', 'ownership_deed', 'building_permit', 'water_bill'])
  const r = await complete(name, { effectiveOn: '2026-12-01' })
  t.notOk(r.errors, JSON.stringify(r.errors))
  t.match(r.data.transitionServiceRequest.outcome, { effectiveOn: '2026-12-01', changes: [{ attribute: 'holderName', from: 'Ivan Petrov', to: 'Olga Ivanova' }] })
  const holders = await db.selectFrom('accountHolderNames').select(['effectiveFrom', 'name', 'previousName']).where('accountId', '=', acc.uncovered).execute()
  t.same(holders, [{ effectiveFrom: '2026-12-01', name: 'Olga', previousName: 'Ivan' }])

  const meter = (await db.selectFrom('meters as m').innerJoin('servicePoints as s', 's.servicePointId', 'm.servicePointId').select('m.meterId').where('s.accountId', '=', acc.noTariff).executeTakeFirstOrThrow()).meterId
  const test = await request(acc.noTariff, 'meter_test', { meterId: meter, reason: 'stuck' }, ['form_qf7201', 'water_bill'])
  const bad = await complete(test, { testedOn: '2026-11-20', result: 'broken', labActNumber: 'L-9' })
  t.equal(bad.errors[0].extensions.code, 'validation_error')
  t.ok(bad.errors[0].extensions.errors.some((e: { path: string }) => e.path === 'input.completion.result'))
  const ok = await complete(test, { testedOn: '2026-11-20', result: 'failed', labActNumber: 'L-9' })
  t.notOk(ok.errors, JSON.stringify(ok.errors))
  t.match(ok.data.transitionServiceRequest.outcome.changes, [{ meterId: meter, result: 'failed', unverifiedFrom: '2026-11-20' }])
  const events = await gql('query($m: ID!) { meterEvents(filter: { meterId: $m }) { items { kind occurredOn note } } }', { m: meter })
  t.notOk(events.errors, JSON.stringify(events.errors))
  t.ok(events.data.meterEvents.items.some((e: { kind: string; occurredOn: string; note: string }) => e.kind === 'failed' && e.occurredOn === '2026-11-20' && /L-9/.test(e.note)))
})
