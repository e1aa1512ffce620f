// Events and webhooks (issue 11): a transactional outbox and the endpoints
// that receive it. An event row is written in the transaction of the change
// it reports, so a rolled-back change leaves no event.
//
// Ordering: `seq` is assigned at insert, not at commit, so two writers can
// commit out of seq order. Each row also records its transaction id (`txid`,
// xid8), and the feed only shows rows whose txid is older than the oldest
// transaction still running (pg_snapshot_xmin): those can no longer be joined
// by an earlier one. Read in (txid, seq) order, the feed never grows behind a
// consumer's cursor (events.queries.ts).
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table events (
  tenant_id uuid not null references tenants (tenant_id),
  seq bigint generated always as identity,
  event_id uuid not null,
  -- the writing transaction: the feed's order and its visibility horizon
  txid xid8 not null default pg_current_xact_id(),
  type text not null,
  object_type text not null,
  object_id text not null,
  payload jsonb not null,
  occurred_at timestamptz not null default now(),
  primary key (tenant_id, seq),
  unique (tenant_id, event_id)
);
-- serves: the feed (events.queries.ts feedPage) and webhook delivery (nextForEndpoint): a tenant's events after a (txid, seq) cursor
create index events_feed on events (tenant_id, txid, seq);
-- (the unique constraint's index serves: an event by its id, manual redelivery)

create table webhook_endpoints (
  tenant_id uuid not null references tenants (tenant_id),
  endpoint_id uuid not null,
  url text not null,
  description text,
  -- empty: every event type
  types text[] not null default '{}',
  enabled boolean not null default true,
  -- HMAC keys (Standard Webhooks whsec_…): kept to sign, shown once
  secret text not null,
  previous_secret text,
  previous_secret_expires_at timestamptz,
  -- the last event delivered (or skipped as not subscribed): delivery resumes after it
  cursor_txid xid8 not null,
  cursor_seq bigint not null default 0,
  consecutive_failures int not null default 0,
  failing_since timestamptz,
  next_attempt_at timestamptz,
  disabled_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, endpoint_id)
);
-- serves: the dispatcher's kick and sweep (webhooks.queries.ts endpointsToKick): enabled endpoints of a tenant
create index webhook_endpoints_enabled on webhook_endpoints (tenant_id) where enabled;

create table webhook_deliveries (
  tenant_id uuid not null,
  delivery_id uuid not null,
  endpoint_id uuid not null,
  event_id uuid not null,
  attempt int not null,
  manual boolean not null default false,
  ok boolean not null,
  status_code int,
  latency_ms int not null,
  -- at most 1 KB of the receiver's answer
  response_excerpt text,
  error text,
  attempted_at timestamptz not null default now(),
  primary key (tenant_id, delivery_id),
  foreign key (tenant_id, endpoint_id) references webhook_endpoints (tenant_id, endpoint_id) on delete cascade,
  foreign key (tenant_id, event_id) references events (tenant_id, event_id)
);
-- serves: an endpoint's delivery attempts, newest first (listDeliveries)
create index webhook_deliveries_endpoint on webhook_deliveries (tenant_id, endpoint_id, delivery_id desc);
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists webhook_deliveries; drop table if exists webhook_endpoints; drop table if exists events`.execute(db)
}
