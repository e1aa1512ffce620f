// Readings over REST: each validation rule, duplicates, tenant isolation,
// the decision on a flagged reading, and history pages.
import { testClock } from '../helpers/clock.ts'
import t from 'tap'
import { bearer, testApp } from '../helpers/app.ts'
import { makeAccount, makeMeter, meterEvent } from './readings-fixtures.ts'

const { app, tenant, other } = await testApp(t)
const acc = bearer(tenant.keys.accounting)

async function submit(body: Record<string, unknown>, headers: Record<string, string> = acc) {
  const r = await app.inject({ method: 'POST', url: '/v1/readings', headers, payload: { source: 'inspector', ...body } })
  return r
}
async function verdict(body: Record<string, unknown>) {
  const r = await submit(body)
  if (r.statusCode !== 201) throw new Error(`${r.statusCode} ${r.body}`)
  return r.json() as { verdict: string; reading: { id: string; status: string; reasons: string[]; value: string | null } }
}

t.test('an index above the previous is accepted; a lower one is rejected', async (t) => {
  const m = await makeMeter(app, tenant)
  const a = await verdict({ meterId: m.id, readAt: '2026-01-01T10:00:00+03:00', index: '100.5' })
  t.equal(a.verdict, 'accepted')
  t.same(a.reading.reasons, [])
  t.equal(a.reading.value, '100.5')
  const b = await verdict({ meterSerial: m.serial, readAt: '2026-02-01', index: '120' })
  t.equal(b.verdict, 'accepted', 'by serial, with a bare date')
  const c = await verdict({ meterId: m.id, readAt: '2026-03-01T10:00:00+03:00', index: '119.999' })
  t.equal(c.verdict, 'rejected')
  t.same(c.reading.reasons, ['lower_index'])
  t.equal(c.reading.status, 'rejected', 'stored as the record of what was refused')
})

t.test('rollover: plausible at max flow, unverified without it, refused when too fast', async (t) => {
  const m = await makeMeter(app, tenant, { digits: 5, decimals: 0, maxFlowM3h: '3' })
  await verdict({ meterId: m.id, readAt: '2026-01-01T00:00:00Z', index: '99990' })
  const ok = await verdict({ meterId: m.id, readAt: '2026-01-02T00:00:00Z', index: '5' })
  t.equal(ok.verdict, 'accepted', '15 m³ in 24 h at 3 m³/h is plausible')
  t.same(ok.reading.reasons, ['rollover'])
  const fast = await makeMeter(app, tenant, { digits: 5, decimals: 0, maxFlowM3h: '3' })
  await verdict({ meterId: fast.id, readAt: '2026-01-01T00:00:00Z', index: '99990' })
  const bad = await verdict({ meterId: fast.id, readAt: '2026-01-01T01:00:00Z', index: '5' })
  t.same(bad.reading.reasons, ['lower_index'], '15 m³ in one hour is more than 3 m³/h')
  const unknown = await makeMeter(app, tenant, { digits: 5, decimals: 0, maxFlowM3h: null })
  await verdict({ meterId: unknown.id, readAt: '2026-01-01T00:00:00Z', index: '99990' })
  const flagged = await verdict({ meterId: unknown.id, readAt: '2026-01-02T00:00:00Z', index: '5' })
  t.equal(flagged.verdict, 'flagged')
  t.same(flagged.reading.reasons, ['rollover_unverified'])
})

t.test('a spike against the history is flagged', async (t) => {
  const m = await makeMeter(app, tenant)
  await verdict({ meterId: m.id, readAt: '2026-01-01T00:00:00Z', index: '100' })
  await verdict({ meterId: m.id, readAt: '2026-04-01T00:00:00Z', index: '190' }) // 1 m³ a day over 90 days
  const normal = await verdict({ meterId: m.id, readAt: '2026-04-11T00:00:00Z', index: '205' })
  t.equal(normal.verdict, 'accepted', '1.5 m³ a day')
  const spike = await verdict({ meterId: m.id, readAt: '2026-04-12T00:00:00Z', index: '300' })
  t.equal(spike.verdict, 'flagged')
  t.same(spike.reading.reasons, ['spike'])
})

t.test('dates: future, before commissioning, after dismantling', async (t) => {
  const m = await makeMeter(app, tenant)
  await meterEvent(app, tenant, m.id, 'commissioned', '2026-01-10', '10')
  const before = await verdict({ meterId: m.id, readAt: '2026-01-05', index: '10' })
  t.same(before.reading.reasons, ['before_commissioning'])
  const onDay = await verdict({ meterId: m.id, readAt: '2026-01-10T12:00:00+08:00', index: '11' })
  t.equal(onDay.verdict, 'accepted', 'the commissioning day itself is fine')
  const lower = await verdict({ meterId: m.id, readAt: '2026-01-11T12:00:00+08:00', index: '9' })
  t.same(lower.reading.reasons, ['lower_index'], 'the start index of the act is a baseline too')
  await meterEvent(app, tenant, m.id, 'dismantled', '2026-03-01', '50')
  const after = await verdict({ meterId: m.id, readAt: '2026-03-05', index: '60' })
  t.same(after.reading.reasons, ['after_dismantling'])
  const future = await verdict({ meterId: m.id, readAt: new Date(testClock.now().getTime() + 86_400_000).toISOString(), index: '70' })
  t.ok(future.reading.reasons.includes('future_date'))
  t.equal(future.verdict, 'rejected')
})

t.test('the value against the register', async (t) => {
  const whole = await makeMeter(app, tenant, { decimals: 0, digits: 4 })
  const dec = await verdict({ meterId: whole.id, readAt: '2026-01-01', index: '12.5' })
  t.same(dec.reading.reasons, ['too_many_decimals'], 'Iranian meters read whole m³')
  t.equal((await verdict({ meterId: whole.id, readAt: '2026-01-02', index: '12.000' })).verdict, 'accepted', 'trailing zeros are not decimals')
  t.same((await verdict({ meterId: whole.id, readAt: '2026-01-03', index: '12345' })).reading.reasons, ['exceeds_digits'])
  t.same((await verdict({ meterId: whole.id, readAt: '2026-01-04', consumption: '3' })).reading.reasons, ['consumption_on_index_meter'])
  const hot = await makeMeter(app, tenant, { readingKind: 'consumption' })
  t.same((await verdict({ meterId: hot.id, readAt: '2026-01-04', index: '3' })).reading.reasons, ['index_on_consumption_meter'])
  const c = await verdict({ meterId: hot.id, readAt: '2026-01-05', consumption: '3.25' })
  t.equal(c.verdict, 'accepted')
  t.equal(c.reading.value, '3.25')
})

t.test('a reader status instead of an index', async (t) => {
  const m = await makeMeter(app, tenant)
  const r = await verdict({ meterId: m.id, readAt: '2026-01-01', readerStatus: 'fogged' })
  t.equal(r.verdict, 'accepted')
  t.equal(r.reading.value, null)
  t.equal((await verdict({ meterId: m.id, readAt: '2026-01-01', readerStatus: 'fogged' })).verdict, 'duplicate', 'a retried status is a duplicate')
  const both = await submit({ meterId: m.id, readAt: '2026-01-01', readerStatus: 'closed', index: '1' })
  t.equal(both.statusCode, 400)
})

t.test('duplicates, unknown meters and another tenant\'s meters', async (t) => {
  const m = await makeMeter(app, tenant)
  const first = await verdict({ meterId: m.id, readAt: '2026-05-01T08:00:00Z', index: '10.5' })
  const again = await verdict({ meterId: m.id, readAt: '2026-05-01T11:00:00+03:00', index: '10.500' })
  t.equal(again.verdict, 'duplicate', 'the same instant and value, written differently')
  t.equal(again.reading.id, first.reading.id)
  const otherSource = await verdict({ meterId: m.id, readAt: '2026-05-01T08:00:00Z', index: '10.5', source: 'portal' })
  t.equal(otherSource.verdict, 'accepted', 'another source is another reading')

  const unknown = await submit({ meterId: '0190a8a0-0000-7000-8000-000000000000', readAt: '2026-05-01', index: '1' })
  t.equal(unknown.statusCode, 422)
  t.equal(unknown.json().code, 'unknown_meter')
  const foreign = await makeMeter(app, other)
  const byId = await submit({ meterId: foreign.id, readAt: '2026-05-01', index: '1' })
  t.equal(byId.statusCode, 422)
  t.equal(byId.json().code, 'unknown_meter', 'another tenant\'s meter is unknown, not forbidden')
  const bySerial = await submit({ meterSerial: foreign.serial, readAt: '2026-05-01', index: '1' })
  t.equal(bySerial.json().code, 'unknown_meter')
  const ro = await submit({ meterId: m.id, readAt: '2026-05-02', index: '11' }, bearer(tenant.keys.readonly))
  t.equal(ro.statusCode, 403)
  const portal = await submit({ meterId: m.id, readAt: '2026-05-02', index: '11', source: 'portal' }, bearer(tenant.keys.portal))
  t.equal(portal.statusCode, 201, 'customers submit through portals')
})

t.test('schema errors have field paths', async (t) => {
  const r = await submit({ meterId: 'nope', readAt: 'yesterday', index: '-1' })
  t.equal(r.statusCode, 400)
  const paths = r.json().errors.map((e: any) => e.path)
  t.ok(paths.includes('body.meterId'))
  t.ok(paths.includes('body.readAt'))
  t.ok(paths.includes('body.index'))
  const feb30 = await submit({ meterId: '0190a8a0-0000-7000-8000-000000000000', readAt: '2026-02-30T10:00:00Z', index: '1' })
  t.equal(feb30.statusCode, 400)
})

t.test('a flagged reading is accepted or rejected by a person, once', async (t) => {
  const m = await makeMeter(app, tenant, { digits: 5, decimals: 0, maxFlowM3h: null })
  await verdict({ meterId: m.id, readAt: '2026-01-01T00:00:00Z', index: '99990' })
  const f1 = await verdict({ meterId: m.id, readAt: '2026-01-02T00:00:00Z', index: '5' })
  const flagged = await app.inject({ method: 'GET', url: `/v1/readings?status=flagged&meterId=${m.id}`, headers: acc })
  t.same(flagged.json().items.map((r: any) => r.id), [f1.reading.id])
  const ok = await app.inject({ method: 'POST', url: `/v1/readings/${f1.reading.id}/accept`, headers: acc, payload: { note: 'meter photo checked' } })
  t.equal(ok.statusCode, 200, ok.body)
  t.equal(ok.json().status, 'accepted')
  t.equal(ok.json().decisionNote, 'meter photo checked')
  t.ok(ok.json().decidedAt)
  const twice = await app.inject({ method: 'POST', url: `/v1/readings/${f1.reading.id}/accept`, headers: acc })
  t.equal(twice.statusCode, 409)
  const next = await verdict({ meterId: m.id, readAt: '2026-01-03T00:00:00Z', index: '7' })
  t.equal(next.verdict, 'accepted', 'the accepted reading is now the baseline')

  const m2 = await makeMeter(app, tenant, { digits: 5, decimals: 0, maxFlowM3h: null })
  await verdict({ meterId: m2.id, readAt: '2026-01-01T00:00:00Z', index: '99990' })
  const f2 = await verdict({ meterId: m2.id, readAt: '2026-01-02T00:00:00Z', index: '5' })
  const noReason = await app.inject({ method: 'POST', url: `/v1/readings/${f2.reading.id}/reject`, headers: acc, payload: {} })
  t.equal(noReason.statusCode, 400)
  const rej = await app.inject({ method: 'POST', url: `/v1/readings/${f2.reading.id}/reject`, headers: acc, payload: { reason: 'meter was swapped' } })
  t.equal(rej.statusCode, 200, rej.body)
  t.equal(rej.json().status, 'rejected')
  t.same(rej.json().reasons, ['rollover_unverified', 'rejected_by_operator'])
  t.equal(rej.json().decisionNote, 'meter was swapped')
  t.equal((await app.inject({ method: 'POST', url: `/v1/readings/${f2.reading.id}/accept`, headers: acc })).statusCode, 409)
  t.equal((await app.inject({ method: 'POST', url: '/v1/readings/999999999/accept', headers: acc })).statusCode, 404)
  const foreign = await app.inject({ method: 'POST', url: `/v1/readings/${f2.reading.id}/reject`, headers: bearer(other.keys.accounting), payload: { reason: 'x' } })
  t.equal(foreign.statusCode, 404, 'another tenant cannot see it')
})

t.test('history pages of a meter and an account', async (t) => {
  const { accountId, servicePointId } = await makeAccount(app, tenant)
  const m1 = await makeMeter(app, tenant, {}, servicePointId)
  const m2 = await makeMeter(app, tenant, {}, servicePointId)
  for (let d = 1; d <= 7; d++) {
    await verdict({ meterId: m1.id, readAt: `2026-06-0${d}T09:00:00+03:00`, index: String(d * 10) })
    await verdict({ meterId: m2.id, readAt: `2026-06-0${d}T10:00:00+03:00`, index: String(d * 5) })
  }
  const walk = async (base: string) => {
    const seen: string[] = []
    let cursor: string | null = null
    do {
      const r: any = await app.inject({ method: 'GET', url: `${base}${base.includes('?') ? '&' : '?'}limit=3${cursor ? `&cursor=${cursor}` : ''}`, headers: bearer(tenant.keys.readonly) })
      t.equal(r.statusCode, 200, r.body)
      seen.push(...r.json().items.map((x: any) => `${x.readAt.slice(5, 10)}:${x.value}`))
      cursor = r.json().nextCursor
    } while (cursor)
    return seen
  }
  const meterPages = await walk(`/v1/meters/${m1.id}/readings`)
  t.same(meterPages, ['06-07:70', '06-06:60', '06-05:50', '06-04:40', '06-03:30', '06-02:20', '06-01:10'], 'newest first, each once')
  const accountPages = await walk(`/v1/accounts/${accountId}/readings?from=2026-06-03&to=2026-06-05`)
  t.same(accountPages, ['06-04:20', '06-04:40', '06-03:15', '06-03:30'])
  const foreign = await app.inject({ method: 'GET', url: `/v1/meters/${m1.id}/readings`, headers: bearer(other.keys.readonly) })
  t.equal(foreign.statusCode, 404)
  const bad = await app.inject({ method: 'GET', url: `/v1/meters/${m1.id}/readings?cursor=zzz`, headers: acc })
  t.equal(bad.statusCode, 400)
})
