// GET /v1/audit-log (issue 10 §7): a tenant admin reads the audit log newest
// first, in keyset pages on (at, audit_id), filtered by action, by customer
// user (as actor or subject) and by time. The first index replaces
// audit_log_at, whose order had no tie-break for the keyset.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
-- serves: GET /v1/audit-log (a tenant's entries newest first, keyset on at, audit_id; from/to bound at)
create index audit_log_newest on audit_log (tenant_id, at desc, audit_id desc);
drop index audit_log_at;
-- serves: GET /v1/audit-log?action=… (one action's entries newest first)
create index audit_log_action on audit_log (tenant_id, action, at desc, audit_id desc);
-- serves: GET /v1/audit-log?customerUserId=… (entries where the user acted: actor = 'customer:<id>')
create index audit_log_actor on audit_log (tenant_id, actor, at desc, audit_id desc);
-- serves: GET /v1/audit-log?customerUserId=… (entries about the user: subject = <id>)
create index audit_log_subject on audit_log (tenant_id, subject, at desc, audit_id desc) where subject is not null;
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index audit_log_subject; drop index audit_log_actor; drop index audit_log_action;
    create index audit_log_at on audit_log (tenant_id, at desc); drop index audit_log_newest`.execute(db)
}
