// Service requests (issue 12 §4): the request, its status history, staff
// notes, the uploaded documents (kept in the database as bytea) and the fee
// posted to the ledger once per request.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table service_requests (
  tenant_id uuid not null,
  request_id uuid not null,
  account_id uuid not null,
  type text not null check (type in ('contact', 'moving_notice', 'meter_test', 'name_change', 'diameter_change', 'capacity_change',
    'usage_change', 'units_change', 'disconnection', 'relocation', 'connection_purchase', 'extra_pickup')),
  status text not null default 'submitted' check (status in ('submitted', 'in_review', 'site_visit', 'awaiting_payment', 'done', 'rejected')),
  details jsonb not null,
  -- the connection fee (seed 002 item 9) of a connection request, with its trace; null for the other types
  fee numeric check (fee >= 0),
  fee_trace jsonb,
  -- what completing the request did (a moving notice: the closed and the opened account)
  outcome jsonb,
  submitted_by text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, request_id),
  foreign key (tenant_id, account_id) references accounts (tenant_id, account_id)
);
-- serves: GET /v1/service-requests?accountId= and a customer's list (its accounts), newest first
create index service_requests_account on service_requests (tenant_id, account_id, request_id);
-- serves: GET /v1/service-requests?status= (staff's work queue)
create index service_requests_status on service_requests (tenant_id, status, request_id);
-- serves: the extra pickups ordered for an address, beside its schedule (GET /v1/premises/{id}/pickups)
create index service_requests_extra_pickups on service_requests (tenant_id, (details->>'premisesId')) where type = 'extra_pickup';

create table service_request_history (
  tenant_id uuid not null,
  request_id uuid not null,
  seq int not null,
  from_status text,
  to_status text not null,
  changed_by text not null,
  note text,
  changed_at timestamptz not null default now(),
  primary key (tenant_id, request_id, seq),
  foreign key (tenant_id, request_id) references service_requests (tenant_id, request_id)
);

create table service_request_notes (
  tenant_id uuid not null,
  request_id uuid not null,
  note_id uuid not null,
  visibility text not null check (visibility in ('customer', 'internal')),
  body text not null,
  author text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, request_id, note_id),
  foreign key (tenant_id, request_id) references service_requests (tenant_id, request_id)
);

-- Uploaded before the request that cites them (the request is created in one
-- call, validated against its documents); request_id is set when a request claims one.
create table request_attachments (
  tenant_id uuid not null,
  attachment_id uuid not null,
  account_id uuid not null,
  request_id uuid,
  document_type text not null,
  file_name text not null,
  content_type text not null,
  size_bytes int not null check (size_bytes > 0),
  sha256 text not null,
  content bytea not null,
  uploaded_by text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, attachment_id),
  foreign key (tenant_id, account_id) references accounts (tenant_id, account_id),
  foreign key (tenant_id, request_id) references service_requests (tenant_id, request_id)
);
-- serves: the attachments of a request (GET /v1/service-requests/{id})
create index request_attachments_request on request_attachments (tenant_id, request_id) where request_id is not null;
-- serves: the count of an account's documents not yet cited by a request (the upload's cap)
create index request_attachments_unclaimed on request_attachments (tenant_id, account_id) where request_id is null;

-- The fee enters the ledger once per request: the primary key refuses a second posting.
create table service_request_fees (
  tenant_id uuid not null,
  request_id uuid not null,
  amount numeric not null,
  posted_on date not null,
  primary key (tenant_id, request_id),
  foreign key (tenant_id, request_id) references service_requests (tenant_id, request_id)
);
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists service_request_fees; drop table if exists request_attachments; drop table if exists service_request_notes;
    drop table if exists service_request_history; drop table if exists service_requests`.execute(db)
}
