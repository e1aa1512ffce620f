// Hostile values for the fuzz tests (REST and GraphQL), drawn with a fixed
// seed so a failure replays, and a cheap fingerprint of every table to
// prove a refused request changed nothing.
import fc from 'fast-check'
import { sql } from 'kysely'
import type { Db } from '../../src/db/database.ts'

export const SEED = 20261201

const draw = <T>(arb: fc.Arbitrary<T>, n: number, offset: number): T[] => fc.sample(arb, { seed: SEED + offset, numRuns: n })

/** Nested `depth` levels of arrays and objects, alternating. */
export function nested(depth: number): unknown {
  let v: unknown = 'x'
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v }
  return v
}

/**
 * Values every field must refuse, whatever its type: text PostgreSQL cannot
 * store (NUL), strings that are not Unicode (lone surrogates), nesting past
 * MAX_INPUT_DEPTH. A request carrying one must answer 4xx and change nothing.
 */
export function refusedValues(offset: number): unknown[] {
  return [
    ...draw(fc.string({ maxLength: 8 }).map((s) => `${s}\u0000${s}`), 1, offset),
    ...draw(fc.constantFrom('\ud800', 'x\udfff', 'a\ud83d', '\udc00\ud800'), 1, offset),
    nested(40),
  ]
}

/** Values that may be valid somewhere and must never cause a 5xx. */
export function hostileValues(offset: number): unknown[] {
  return [
    ...draw(fc.oneof(
      fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -1, 0, 0.1, 2 ** 31, -(2 ** 31) - 1),
      fc.constantFrom('0001-01-01', '9999-12-31', '+275760-09-13', '1970-01-01T00:00:00Z', '2026-02-30', '99999999999999999999.999999999'),
      fc.constantFrom(null, true, [], {}, '', ' ', '🚰'.repeat(300), 'x'.repeat(20_000), '1e400', 'NaN', '-0', '00000000-0000-0000-0000-000000000000'),
      fc.anything({ maxDepth: 3, maxKeys: 3 }),
    ), 4, offset),
  ]
}

/** Query-string values (text only). */
export const refusedQueryValues = ['%00', 'a%00b']
export const hostileQueryValues = ['0001-01-01', '9999-12-31', '1e400', '-1', 'x'.repeat(3000), '%ED%A0%80', '%FF', 'true', '']

/** Row count, and latest updated_at where a table has one, of every table in public. */
export async function fingerprint(db: Db): Promise<Record<string, string>> {
  const tables = await sql<{ table: string; updated: boolean }>`
    select t.table_name as table, exists (select 1 from information_schema.columns c where c.table_schema = 'public'
      and c.table_name = t.table_name and c.column_name = 'updated_at') as updated
    from information_schema.tables t where t.table_schema = 'public' and t.table_type = 'BASE TABLE' order by 1`.execute(db)
  const parts = tables.rows.map((r) => sql.raw(`select '${r.table}' as t, count(*)::text || '/' || ${r.updated ? 'coalesce(max(updated_at)::text, \'\')' : '\'\''} as f from "${r.table}"`))
  const rows = await sql<{ t: string; f: string }>`${sql.join(parts, sql` union all `)}`.execute(db)
  return Object.fromEntries(rows.rows.map((r) => [r.t, r.f]))
}
