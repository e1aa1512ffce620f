// Readings over GraphQL: the same use-cases and codes as REST.
import t from 'tap'
import { bearer, testApp } from '../helpers/app.ts'
import { makeMeter } from './readings-fixtures.ts'

const { app, tenant, other } = await testApp(t)

async function gql(query: string, variables: Record<string, unknown> = {}, key = tenant.keys.accounting) {
  const r = await app.inject({ method: 'POST', url: '/graphql', headers: bearer(key), payload: { query, variables } })
  return r.json()
}

const READING = 'id status reasons value readAt source'

t.test('submit, bulk, history and decisions', async (t) => {
  const m = await makeMeter(app, tenant, { digits: 5, decimals: 0, maxFlowM3h: null })
  const one = await gql(`mutation($i: ReadingInput!) { submitReading(input: $i) { verdict reading { ${READING} } } }`,
    { i: { meterId: m.id, readAt: '2026-01-01T00:00:00Z', index: '99990', source: 'portal' } }, tenant.keys.portal)
  t.equal(one.data.submitReading.verdict, 'accepted', JSON.stringify(one))
  const batch = await gql(`mutation($rows: [ReadingInput!]!) { submitReadings(rows: $rows) { counts { received accepted flagged rejected duplicate } rows { row status readingId reasons errors { path message } } } }`,
    { rows: [
      { meterId: m.id, readAt: '2026-01-02T00:00:00Z', index: '5', source: 'accounting' },
      { meterId: m.id, readAt: '2026-01-01T00:00:00Z', index: '99990', source: 'portal' },
      { meterId: m.id, readAt: '2026-01-03', source: 'inspector', readerStatus: 'closed' },
      { meterSerial: 'nope', readAt: '2026-01-03', index: '1', source: 'inspector' },
      { meterId: m.id, readAt: '2026-01-03', index: '1', consumption: '1', source: 'inspector' },
    ] })
  const b = batch.data.submitReadings
  t.same(b.counts, { received: 5, accepted: 1, flagged: 1, rejected: 2, duplicate: 1 }, JSON.stringify(batch))
  t.same(b.rows.map((r: any) => r.status), ['flagged', 'duplicate', 'accepted', 'rejected', 'rejected'])
  t.same(b.rows[0].reasons, ['rollover_unverified'])
  t.equal(b.rows[4].errors[0].path, 'index')

  const hist = await gql(`query($id: ID!) { meterReadings(meterId: $id, filter: { status: flagged }) { items { ${READING} } nextCursor } }`, { id: m.id }, tenant.keys.readonly)
  t.equal(hist.data.meterReadings.items.length, 1)
  const flaggedId = hist.data.meterReadings.items[0].id
  const queue = await gql('{ readings(filter: { status: flagged }) { items { id } } }')
  t.same(queue.data.readings.items.map((r: any) => r.id), [flaggedId])
  const acc = await gql(`mutation($id: ID!) { acceptReading(id: $id, note: "ok") { ${READING} decisionNote } }`, { id: flaggedId })
  t.equal(acc.data.acceptReading.status, 'accepted')
  const again = await gql(`mutation($id: ID!) { rejectReading(id: $id, reason: "late") { id } }`, { id: flaggedId })
  t.equal(again.errors[0].extensions.code, 'conflict')

  const foreign = await gql(`mutation($i: ReadingInput!) { submitReading(input: $i) { verdict } }`,
    { i: { meterId: m.id, readAt: '2026-01-04', index: '9', source: 'accounting' } }, other.keys.accounting)
  t.equal(foreign.errors[0].extensions.code, 'unknown_meter')
  const none = await gql(`query($id: ID!) { accountReadings(accountId: $id) { items { id } } }`, { id: m.id })
  t.equal(none.errors[0].extensions.code, 'not_found')
})
