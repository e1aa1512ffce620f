// Lines, ledger entries and payment allocations may name a bill that the
// same transaction inserts later: their foreign keys to bills become
// DEFERRABLE (still checked at once unless a transaction defers them). A
// bill-run chunk defers them, writes lines and entries first and takes its
// gapless numbers last, so the tenant's number counter stays locked only for
// the bills insert and the commit instead of the whole write phase, and
// chunks running in parallel stop queueing behind each other.
import { sql, type Kysely } from 'kysely'

const FKS = [
  ['bill_lines', 'bill_lines_tenant_id_bill_id_fkey'],
  ['ledger_entries', 'ledger_entries_tenant_id_bill_id_fkey'],
  ['payment_allocations', 'payment_allocations_tenant_id_bill_id_fkey'],
] as const

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [table, fk] of FKS) await sql`alter table ${sql.table(table)} alter constraint ${sql.ref(fk)} deferrable initially immediate`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [table, fk] of FKS) await sql`alter table ${sql.table(table)} alter constraint ${sql.ref(fk)} not deferrable`.execute(db)
}
