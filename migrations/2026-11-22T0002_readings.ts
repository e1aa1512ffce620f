// Readings without an index (a reader's status code such as closed or fogged,
// seed 002 item 9), the operator's note on a decision, and a dedupe index that
// also catches a retried status-only reading.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
alter table readings alter column value drop not null;
alter table readings add constraint readings_value_or_status check (value is not null or reader_status is not null);
alter table readings add column decision_note text;
drop index readings_dedupe;
-- serves: dedupe of retried submissions (meter, read-at, value, source); a
-- status-only reading (value null) is a duplicate of the same one too
create unique index readings_dedupe on readings (tenant_id, meter_id, read_at, value, source) nulls not distinct;
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
drop index readings_dedupe;
create unique index readings_dedupe on readings (tenant_id, meter_id, read_at, value, source);
alter table readings drop column decision_note;
alter table readings drop constraint readings_value_or_status;
delete from readings where value is null;
alter table readings alter column value set not null;
`.execute(db)
}
