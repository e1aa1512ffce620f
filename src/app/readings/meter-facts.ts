// Loads what the rules need about meters, once per meter per request: the
// register, the timeline events that bound its service, the last accepted
// reading and the history average (the readings_dedupe index, by its meter and read_at prefix, serves every probe).
import { sql } from 'kysely'
import type { Db } from '../../db/database.ts'
import { canonicalDecimal, toScaled } from './decimal-text.ts'
import type { MeterEventFact, MeterFacts, PreviousReading } from './facts.ts'
import { DAY_MS, type ReadingPolicy } from './policy.ts'
import { pgArray } from './pg-array.ts'

export interface LoadedMeter {
  facts: MeterFacts
  serial: string
}

const EVENT_KINDS = ['installed', 'commissioned', 'dismantled', 'replaced']

/** Meters of the tenant by id or serial; unknown ones (or another tenant's) are simply absent. */
export async function loadMeters(db: Db, tenantId: string, ids: string[], serials: string[], dayStart: (d: string) => number): Promise<LoadedMeter[]> {
  if (!ids.length && !serials.length) return []
  const { rows } = await sql<{ id: string; serial: string; digits: number; decimals: number; maxflow: string | null; kind: 'index' | 'consumption'; events: [string, string, string | null][] }>`
    select m.meter_id as id, m.serial, m.digits, m.decimals, m.max_flow_m3h::text as maxflow, m.reading_kind as kind,
      coalesce((select json_agg(json_build_array(e.kind, e.occurred_on, e.meter_index::text) order by e.occurred_on)
        from meter_events e where e.tenant_id = m.tenant_id and e.meter_id = m.meter_id
          and e.kind = any(${pgArray(EVENT_KINDS)}::text[])), '[]') as events
    from meters m
    where m.tenant_id = ${tenantId} and (m.meter_id = any(${pgArray(ids)}::uuid[]) or m.serial = any(${pgArray(serials)}::text[]))
  `.execute(db)
  return rows.map((r) => ({
    serial: r.serial,
    facts: {
      meterId: r.id, digits: r.digits, decimals: r.decimals, readingKind: r.kind,
      maxFlowScaled: r.maxflow === null ? null : toScaled(canonicalDecimal(r.maxflow)),
      events: r.events.map(([kind, on, index]): MeterEventFact => {
        const start = dayStart(on)
        return { kind: kind as MeterEventFact['kind'], dayStartMs: start, dayEndMs: dayStart(nextDay(on)), index: index === null ? null : canonicalDecimal(index) }
      }),
      history: null,
    },
  }))
}

function nextDay(date: string): string {
  return new Date(Date.parse(date) + DAY_MS).toISOString().slice(0, 10)
}

/** Epoch microseconds (as text) → the ReadAt form. */
export function readAtFromMicros(us: string): PreviousReading['at'] {
  const ms = Number(us.slice(0, -3))
  return { ms, micro: Number(us.slice(-3)), text: new Date(ms).toISOString() }
}

/**
 * The last accepted reading of each meter and the history average: first and
 * last accepted readings within the look-back (an index meter's use is their
 * difference; a consumption meter's is the sum after the first).
 */
export async function loadHistory(db: Db, tenantId: string, meters: MeterFacts[], policy: ReadingPolicy):
  Promise<Map<string, PreviousReading>> {
  const last = new Map<string, PreviousReading>()
  if (!meters.length) return last
  // Probes in index order (the ids sorted), so neighbouring meters share index pages.
  // The consumption sum is asked only when the chunk has consumption meters
  // (an empty lateral still costs an aggregate per meter).
  const consumption = meters.some((m) => m.readingKind === 'consumption')
  const { rows } = await probing(db, () => sql<{ id: string; lus: string; lv: string; fus: string | null; fv: string | null; total: string | null }>`
    select u.id, l.us as lus, l.v as lv, f.us as fus, f.v as fv, ${consumption ? sql`s.total` : sql`null::text`} as total
    from (select * from unnest(${pgArray(meters.map((m) => m.meterId))}::uuid[], ${pgArray(meters.map((m) => m.readingKind))}::text[]) as u(id, kind)
      order by u.id) u
    join lateral (
      select r.read_at, (extract(epoch from r.read_at) * 1000000)::bigint::text as us, r.value::text as v from readings r
      where r.tenant_id = ${tenantId} and r.meter_id = u.id and r.status = 'accepted' and r.value is not null
      order by r.read_at desc limit 1) l on true
    left join lateral (
      select r.read_at, (extract(epoch from r.read_at) * 1000000)::bigint::text as us, r.value::text as v from readings r
      where r.tenant_id = ${tenantId} and r.meter_id = u.id and r.status = 'accepted' and r.value is not null
        and r.read_at >= l.read_at - make_interval(days => ${policy.historyLookbackDays}) and r.read_at < l.read_at
      order by r.read_at limit 1) f on true
    ${consumption ? sql`left join lateral (
      select sum(r.value)::text as total from readings r
      where u.kind = 'consumption' and r.tenant_id = ${tenantId} and r.meter_id = u.id and r.status = 'accepted'
        and r.read_at > f.read_at and r.read_at <= l.read_at) s on true` : sql``}
  `.execute(db))
  const byId = new Map(meters.map((m) => [m.meterId, m]))
  for (const r of rows) {
    const m = byId.get(r.id)!
    const lv = canonicalDecimal(r.lv)
    last.set(r.id, { at: readAtFromMicros(r.lus), value: lv })
    if (r.fus === null || r.fv === null) continue
    const spanMs = Number(r.lus.slice(0, -3)) - Number(r.fus.slice(0, -3))
    const use = m.readingKind === 'consumption' ? toScaled(canonicalDecimal(r.total ?? '0')) : toScaled(lv) - toScaled(canonicalDecimal(r.fv))
    // A rollover inside the history makes the difference negative: no average then.
    if (use >= 0n) m.history = { consumptionScaled: use, spanMs }
  }
  return last
}

/** The last accepted reading before each given instant (readings that arrive out of order). */
export async function loadPreviousBefore(db: Db, tenantId: string, probes: { meterId: string; at: string }[]): Promise<(PreviousReading | null)[]> {
  const out: (PreviousReading | null)[] = probes.map(() => null)
  if (!probes.length) return out
  const { rows } = await probing(db, () => sql<{ i: number; us: string; v: string }>`
    select u.i, p.us, p.v
    from unnest(${pgArray(probes.map((p) => p.meterId))}::uuid[], ${pgArray(probes.map((p) => p.at))}::timestamptz[])
      with ordinality as u(id, at, i)
    join lateral (
      select (extract(epoch from r.read_at) * 1000000)::bigint::text as us, r.value::text as v from readings r
      where r.tenant_id = ${tenantId} and r.meter_id = u.id and r.status = 'accepted' and r.value is not null and r.read_at < u.at
      order by r.read_at desc limit 1) p on true
  `.execute(db))
  for (const r of rows) out[Number(r.i) - 1] = { at: readAtFromMicros(r.us), value: canonicalDecimal(r.v) }
  return out
}

/**
 * Per-meter probes must walk readings_dedupe in time order and stop at the
 * first accepted row. Right after large uploads the table's statistics lag
 * (a meter "has 8 rows" when it has 35), and the planner then prefers bitmap
 * scans that read and sort every reading of each meter: 0.07 ms a meter
 * instead of 0.013, growing with history; bench:readings went from 28.8k to
 * 40.7k readings/s without them. Off for the statement only (SET LOCAL, then
 * back; outside a transaction SET LOCAL does nothing).
 */
async function probing<T>(db: Db, query: () => Promise<T>): Promise<T> {
  await sql`set local enable_bitmapscan = off`.execute(db)
  const result = await query()
  // (on failure the transaction rolls back, and the setting with it)
  await sql`set local enable_bitmapscan to default`.execute(db)
  return result
}
