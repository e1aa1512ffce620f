// Events are kept for a retention period (EVENTS_RETENTION_DAYS, default 90;
// src/app/events/retention.ts), not forever: the outbox table grows by a row
// per bill, payment and reading flag. A tenant's prune mark is the feed
// position everything up to which was deleted: a feed cursor before it
// answers 410 (the client must resynchronise) instead of silently skipping.
// Deleting events checks the deliveries' foreign key, which had no index on
// its referencing side (a sequential scan of the deliveries per event).
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table event_prune_marks (
  tenant_id uuid not null references tenants (tenant_id),
  -- every event of the tenant at or before this feed position is gone
  txid xid8 not null,
  seq bigint not null,
  -- events older than this instant were due for pruning at the last prune
  cutoff timestamptz not null,
  pruned_at timestamptz not null,
  primary key (tenant_id)
);
-- serves: the events foreign key check when events are pruned; deliveries of one event
create index webhook_deliveries_event on webhook_deliveries (tenant_id, event_id);
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index webhook_deliveries_event; drop table event_prune_marks`.execute(db)
}
