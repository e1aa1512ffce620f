// Customer principals are remembered per process (src/app/customer-auth/
// principal-cache.ts) so a customer's request costs no more queries than an
// API key's (issue 10 "Done when": bench:balance ≥ 90%). What a principal is
// made of lives in three tables; any change there — a session revoked, a user
// disabled, a link or delegation added, changed or removed — notifies every
// process on the channel `aql_customer_access` with "<tenant>:<user>", after
// commit (NOTIFY is transactional), so a revocation takes effect at once
// everywhere, whichever path or process wrote it (issue 10 §5 "takes effect at
// once"). A new session needs no notice: nothing can have cached it yet.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create function notify_customer_access() returns trigger language plpgsql as $$
begin
  if tg_op in ('UPDATE', 'DELETE') then
    perform pg_notify('aql_customer_access', old.tenant_id::text || ':' || old.customer_user_id::text);
  end if;
  if tg_op in ('INSERT', 'UPDATE') then
    perform pg_notify('aql_customer_access', new.tenant_id::text || ':' || new.customer_user_id::text);
  end if;
  return null;
end $$;
create trigger customer_sessions_notify after update of revoked_at or delete on customer_sessions
  for each row execute function notify_customer_access();
create trigger customer_users_notify after update of disabled_at or delete on customer_users
  for each row execute function notify_customer_access();
create trigger customer_account_links_notify after insert or update or delete on customer_account_links
  for each row execute function notify_customer_access();
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger customer_account_links_notify on customer_account_links;
    drop trigger customer_users_notify on customer_users;
    drop trigger customer_sessions_notify on customer_sessions;
    drop function notify_customer_access()`.execute(db)
}
