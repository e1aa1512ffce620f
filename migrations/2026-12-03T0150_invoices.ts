// One invoice per Swedish customer and period (issue 12 §1, multi-utility.md
// "Common to all": one customer number, several agreements, one invoice per
// customer and period with one OCR reference). An invoice groups the bills of
// a customer's accounts that one bill run issued for a period; the bills stay
// as they are (one per account, posted, the ledger's unit), the invoice is
// the document and the payment reference above them.
// - unique (tenant, customer, period_start): a customer's period is never invoiced twice;
// - unique (tenant, bill_id) in invoice_bills: a bill is on one invoice at most;
// - unique (tenant, ocr): a payment's OCR reference names one invoice;
// - posted and immutable like bills: a trigger refuses any UPDATE of both tables.
// payments.invoice_id: a payment made with the invoice's OCR reference.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create table invoices (
  tenant_id uuid not null,
  invoice_id uuid not null,
  customer_id uuid not null,
  period_start date not null,
  period_end date not null,
  -- gapless per tenant (bill_number_counters, series 'invoice')
  number text not null,
  -- Bankgirot OCR: the number with its length digit and Luhn digit (core/ids/swedish-ocr.ts)
  ocr text not null,
  issued_on date not null,
  due_on date not null,
  currency text not null,
  -- sums of the bills' at issue: amount_due (this period's charges with rounding) and payable (with debt or credit)
  charges numeric not null,
  payable numeric not null,
  bill_run_id uuid,
  created_at timestamptz not null default now(),
  primary key (tenant_id, invoice_id),
  foreign key (tenant_id, customer_id) references customers (tenant_id, customer_id),
  foreign key (tenant_id, bill_run_id) references bill_runs (tenant_id, bill_run_id),
  check (period_end > period_start)
);
-- serves: composing a run's invoices (a customer's period is invoiced once) and GET /v1/invoices?customerId=… in period order
create unique index invoices_customer_period on invoices (tenant_id, customer_id, period_start);
-- serves: payment intake by OCR reference (payments with reference=…), GET /v1/invoices?ocr=…
create unique index invoices_ocr on invoices (tenant_id, ocr);
-- serves: numbers are unique per tenant (a second guard beside the counter)
create unique index invoices_number on invoices (tenant_id, number);

create table invoice_bills (
  tenant_id uuid not null,
  invoice_id uuid not null,
  bill_id uuid not null,
  primary key (tenant_id, invoice_id, bill_id),
  foreign key (tenant_id, invoice_id) references invoices (tenant_id, invoice_id),
  foreign key (tenant_id, bill_id) references bills (tenant_id, bill_id)
);
-- serves: a bill is on one invoice at most; the invoice of a bill (GET /v1/bills/{id}, exports' invoice columns)
create unique index invoice_bills_bill on invoice_bills (tenant_id, bill_id);

create function invoices_immutable() returns trigger language plpgsql as $$
begin
  raise exception 'invoices are posted: % rows are never updated', tg_table_name using errcode = '55000';
end $$;
create trigger invoices_no_update before update on invoices for each row execute function invoices_immutable();
create trigger invoice_bills_no_update before update on invoice_bills for each row execute function invoices_immutable();

alter table payments add column invoice_id uuid;
alter table payments add constraint payments_invoice_fkey foreign key (tenant_id, invoice_id) references invoices (tenant_id, invoice_id);
-- serves: the payments of an invoice (GET /v1/invoices/{id}: what was paid with its OCR)
create index payments_invoice on payments (tenant_id, invoice_id) where invoice_id is not null;
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop index if exists payments_invoice;
alter table payments drop constraint if exists payments_invoice_fkey;
alter table payments drop column if exists invoice_id;
drop table if exists invoice_bills;
drop table if exists invoices;
drop function if exists invoices_immutable();
`.execute(db)
}
