// Billing: settlement data (tariffs, norms, coefficients), bill runs, bills
// and their lines, the per-account ledger with its materialized balance,
// payments and their allocation. Tenant first in every key (Citus-ready).
// Issued bills are never updated in their money columns: corrections are new
// bills and ledger entries.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
-- Effective-dated tariff versions: definition holds the core's TariffVersion
-- (volume price, fixed fees, surcharges, taxes, cost price) without its id and dates.
create table tariff_versions (
  tenant_id uuid not null references tenants (tenant_id),
  tariff_version_id uuid not null,
  service text not null,
  usage_type text not null,
  valid_from date not null,
  valid_to date,
  definition jsonb not null,
  source text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, tariff_version_id),
  check (valid_to is null or valid_to > valid_from)
);
-- serves: the versions of one service and usage type overlapping a period
create index tariff_versions_lookup on tariff_versions (tenant_id, service, usage_type, valid_from);

-- Consumption norms per person per month (Decree 354), seasonal when months are given;
-- extra norms for a land plot (per m²) or livestock (per head).
create table norms (
  tenant_id uuid not null references tenants (tenant_id),
  norm_id uuid not null,
  resource text not null,
  kind text not null default 'per_person' check (kind in ('per_person', 'land_plot', 'livestock')),
  valid_from date not null,
  valid_to date,
  value numeric not null check (value >= 0),
  months smallint[],
  created_at timestamptz not null default now(),
  primary key (tenant_id, norm_id)
);
-- serves: the norms of a resource for a period
create index norms_lookup on norms (tenant_id, resource, valid_from);

-- Increasing coefficient K from a date on, per resource (1.1 … 1.5 from 2015-2016; 3 for cold water from 2025-12-06).
create table coefficients (
  tenant_id uuid not null references tenants (tenant_id),
  resource text not null,
  valid_from date not null,
  value numeric not null check (value >= 1),
  primary key (tenant_id, resource, valid_from)
);

create table bill_runs (
  tenant_id uuid not null references tenants (tenant_id),
  bill_run_id uuid not null,
  period_start date not null,
  period_end date not null,
  status text not null check (status in ('queued', 'running', 'completed', 'cancelled', 'failed')),
  total integer not null default 0,
  done integer not null default 0,
  failed integer not null default 0,
  requested_by uuid,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  primary key (tenant_id, bill_run_id),
  check (period_end > period_start)
);
-- serves: the runs of a period (at most one active run per period is enforced by the use-case)
create index bill_runs_period on bill_runs (tenant_id, period_start);

-- Per service point problems that did not stop the run (uncovered days, missing tariff …).
create table bill_run_errors (
  tenant_id uuid not null,
  bill_run_id uuid not null,
  account_id uuid not null,
  service_point_id uuid,
  code text not null,
  message text not null,
  details jsonb not null default '{}',
  created_at timestamptz not null default now(),
  foreign key (tenant_id, bill_run_id) references bill_runs (tenant_id, bill_run_id),
  foreign key (tenant_id, account_id) references accounts (tenant_id, account_id)
);
-- serves: the error report of a run
create index bill_run_errors_run on bill_run_errors (tenant_id, bill_run_id);

-- Gapless bill numbers per tenant and series, allocated in short transactions.
create table bill_number_counters (
  tenant_id uuid not null references tenants (tenant_id),
  series text not null,
  next_number bigint not null default 1,
  primary key (tenant_id, series)
);

create table bills (
  tenant_id uuid not null,
  bill_id uuid not null,
  account_id uuid not null,
  kind text not null default 'regular' check (kind in ('regular', 'correction')),
  period_start date not null,
  period_end date not null,
  number text not null,
  issued_on date not null,
  due_on date not null,
  currency char(3) not null,
  charges numeric not null,
  rounding numeric not null default 0,
  previous_carry numeric not null default 0,
  carry numeric not null default 0,
  debt numeric not null default 0,
  payable numeric not null,
  paid numeric not null default 0 check (paid >= 0),
  -- What this bill itself asks for: its charges after rounding. payable also
  -- carries earlier debt, which belongs to (and is paid on) the earlier bills;
  -- allocation, penalties and "unpaid" use amount_due, never payable.
  amount_due numeric generated always as (charges + rounding) stored,
  bill_run_id uuid,
  corrects_bill_id uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, bill_id),
  unique (tenant_id, number),
  foreign key (tenant_id, account_id) references accounts (tenant_id, account_id),
  foreign key (tenant_id, bill_run_id) references bill_runs (tenant_id, bill_run_id),
  foreign key (tenant_id, corrects_bill_id) references bills (tenant_id, bill_id)
);
-- Exactly one regular bill per account and period: a re-run or a resumed run cannot double it.
create unique index bills_one_per_period on bills (tenant_id, account_id, period_start) where kind = 'regular';
-- serves: an account's bills by date (statements, the oldest open bill for allocation)
create index bills_account on bills (tenant_id, account_id, issued_on);

create table bill_lines (
  tenant_id uuid not null,
  bill_id uuid not null,
  line_no integer not null,
  service_point_id uuid,
  service text not null,
  kind text not null,
  line text not null,
  method text,
  interval_from date not null,
  interval_to date not null,
  volume numeric,
  rate numeric,
  amount numeric not null,
  corrects_period_start date,
  trace jsonb not null,
  primary key (tenant_id, bill_id, line_no),
  foreign key (tenant_id, bill_id) references bills (tenant_id, bill_id)
);

-- The per-account ledger: positive amounts increase what the customer owes
-- (charges, penalties, positive adjustments), negative ones decrease it (payments).
create table ledger_entries (
  tenant_id uuid not null,
  entry_id bigint generated by default as identity,
  account_id uuid not null,
  kind text not null check (kind in ('charge', 'payment', 'adjustment', 'penalty', 'payment_reversal')),
  amount numeric not null,
  booked_on date not null,
  bill_id uuid,
  payment_id uuid,
  description text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, entry_id),
  foreign key (tenant_id, account_id) references accounts (tenant_id, account_id),
  foreign key (tenant_id, bill_id) references bills (tenant_id, bill_id)
);
-- serves: statements and reconciliation acts of an account between two dates
create index ledger_entries_account on ledger_entries (tenant_id, account_id, booked_on);

-- The balance is the sum of the ledger, kept materialized in the same transaction as each entry.
create table account_balances (
  tenant_id uuid not null,
  account_id uuid not null,
  balance numeric not null default 0,
  last_bill_id uuid,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, account_id),
  foreign key (tenant_id, account_id) references accounts (tenant_id, account_id)
);

create table payments (
  tenant_id uuid not null,
  payment_id uuid not null,
  account_id uuid not null,
  external_id text not null,
  source text not null check (source in ('bank', 'provider', 'accounting', 'portal', 'cash')),
  amount numeric not null check (amount > 0),
  currency char(3) not null,
  paid_on date not null,
  bill_id uuid,
  status text not null default 'posted' check (status in ('posted', 'reversed')),
  reversed_at timestamptz,
  reversal_reason text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, payment_id),
  -- idempotent by the payer system's own id
  unique (tenant_id, external_id),
  foreign key (tenant_id, account_id) references accounts (tenant_id, account_id),
  foreign key (tenant_id, bill_id) references bills (tenant_id, bill_id)
);
-- serves: an account's payments by date
create index payments_account on payments (tenant_id, account_id, paid_on);

create table payment_allocations (
  tenant_id uuid not null,
  payment_id uuid not null,
  bill_id uuid not null,
  amount numeric not null check (amount > 0),
  primary key (tenant_id, payment_id, bill_id),
  foreign key (tenant_id, payment_id) references payments (tenant_id, payment_id),
  foreign key (tenant_id, bill_id) references bills (tenant_id, bill_id)
);
-- serves: what was paid on a bill
create index payment_allocations_bill on payment_allocations (tenant_id, bill_id);
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists payment_allocations, payments, account_balances, ledger_entries, bill_lines, bills,
    bill_number_counters, bill_run_errors, bill_runs, coefficients, norms, tariff_versions cascade`.execute(db)
}
