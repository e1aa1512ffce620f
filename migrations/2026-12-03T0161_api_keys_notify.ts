// Verified API keys are remembered per process (src/app/auth/api-keys.ts) so
// a request with a key costs no lookup. A revocation must take effect at once
// in every process, whoever wrote it — the API's DELETE /v1/api-keys/{id} in
// another process, `npm run keys:rotate`, psql — not after the cache's TTL:
// a change to a key (revoked, scopes changed, deleted) notifies
// `aql_api_keys` after commit, and every process forgets its keys.
import { sql, type Kysely } from 'kysely'

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
create function notify_api_keys() returns trigger language plpgsql as $$
begin
  perform pg_notify('aql_api_keys', '');
  return null;
end $$;
create trigger api_keys_notify after update or delete or truncate on api_keys
  for each statement execute function notify_api_keys();
`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger api_keys_notify on api_keys; drop function notify_api_keys()`.execute(db)
}
