// A bill-run chunk loads the readings of ~1,000 meters in a 14-month window
// (load-facts.ts). With readings_dedupe (tenant_id, meter_id, read_at, value,
// source) alone the filter on status needed the heap, one page per reading,
// and from ~100k points the planner chose a parallel sequential scan of the
// whole table per chunk instead (issue 13: a run's cost grew with history).
// The dedupe index now also carries kind and status (INCLUDE: not part of
// uniqueness), so the chunk's load is an index-only range scan per meter
// once the pages are all-visible. Replaced rather than added: readings keep
// ONE index besides the primary key (migration 0006), so the intake's write
// cost grows by the two short columns only.
// Readings are bulk-loaded and rarely updated: the insert-driven autovacuum
// (Postgres 13+) marks new pages all-visible, but by default only after 20% of
// the table was inserted (months of history on a large utility). A per-table
// setting makes it follow each ~1% (at least 50,000 rows): README, "Keeping
// readings healthy".
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
-- serves: dedupe of retried submissions (store-readings.ts on conflict, copy-readings.ts), a meter's
-- history in time order (reading-queries.ts, meter-facts.ts) and the bill run's readings load
-- (load-facts.ts: meter_id = any(…) and read_at in a window, status and kind) as an index-only scan
create unique index readings_dedupe_covering on readings (tenant_id, meter_id, read_at, value, source) include (kind, status) nulls not distinct;
drop index readings_dedupe;
alter index readings_dedupe_covering rename to readings_dedupe;
comment on index readings_dedupe is 'dedupe of retried submissions; its (tenant_id, meter_id, read_at) prefix serves history, the last reading before a date and the bill run''s readings load (index-only with kind, status)';
alter table readings set (autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_insert_threshold = 50000,
  autovacuum_analyze_scale_factor = 0.02, autovacuum_analyze_threshold = 50000);
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table readings reset (autovacuum_vacuum_insert_scale_factor, autovacuum_vacuum_insert_threshold, autovacuum_analyze_scale_factor, autovacuum_analyze_threshold);
create unique index readings_dedupe_plain on readings (tenant_id, meter_id, read_at, value, source) nulls not distinct;
drop index readings_dedupe;
alter index readings_dedupe_plain rename to readings_dedupe;
comment on index readings_dedupe is 'dedupe of retried submissions; its (tenant_id, meter_id, read_at) prefix serves history and the last reading before a date';
`.execute(db)
}
