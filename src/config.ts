// Environment parsed once, with defaults that make `npm start` work on a
// fresh machine and no default secrets.
import { z } from 'zod'
import type { MailSettings } from './app/customer-auth/outbox-sender.ts'

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.string().url().optional(),
  DATA_DIR: z.string().default('./.data'),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  BULK_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(256 * 1_048_576),
  /** bill-run jobs run in the API process at this concurrency; 0 = none (run `node src/jobs/worker.ts` instead) */
  WORKER_CONCURRENCY: z.coerce.number().int().min(0).max(64).default(2),
  /** accounts per bill-run chunk (one job, one transaction) */
  BILL_RUN_CHUNK_SIZE: z.coerce.number().int().min(1).max(100_000).default(1_000),
  /** start the server's clock at this instant (it runs on from there): demos, replaying a past day */
  AQUALEDGER_NOW: z.iso.datetime({ offset: true }).optional(),
  /** GraphQL introspection and GraphiQL; unset = on except when NODE_ENV=production */
  GRAPHQL_INTROSPECTION: z.stringbool().optional(),
  /** how long a query waits for a pool connection (opening one, or a free one) before it fails with 503; 0 = forever */
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().min(0).default(10_000),
  /**
   * which proxies' X-Forwarded-For to believe, so the client's address (the
   * attempt limits of sign-in, linking and reading grants count per address,
   * issue 10 §3, §6; the 401 limiter) is the caller's, not the load balancer's:
   * empty = none (the socket's address); 'true' = any peer (only when nothing
   * but the balancer can reach the port); else comma-separated addresses or
   * CIDRs of the balancers (Fastify's trustProxy)
   */
  TRUST_PROXY: z.string().default('').transform((v): boolean | string | undefined =>
    v === '' || v === 'false' ? undefined : v === 'true' ? true : v),
  /** origins allowed by CORS, comma-separated, or '*'; empty: CORS off (no Access-Control-* headers) */
  CORS_ORIGINS: z.string().default(''),
  /** failed authentications (401) a client address may make per minute before all its requests get 429 for the rest of the minute; 0 = no limit */
  RATE_LIMIT_AUTH_FAILURES: z.coerce.number().int().min(0).default(30),
  /** requests per minute per API key to each costly route (bulk intake, bill runs, documents, exports, recalculations); 0 = no limit */
  RATE_LIMIT_COSTLY: z.coerce.number().int().min(0).default(120),
  /** Prometheus metrics at GET /metrics */
  METRICS_ENABLED: z.enum(['true', 'false', '1', '0']).default('true').transform((v) => v === 'true' || v === '1'),
  /** when set, GET /metrics needs Authorization: Bearer <METRICS_TOKEN> (at least 16 characters) */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** let webhook endpoints resolve to private, loopback and link-local addresses (tests, an on-premises network) */
  WEBHOOK_ALLOW_PRIVATE: z.stringbool().default(false),
  /** let the tenants' identity providers' JWKS URLs be http and resolve to private, loopback and link-local addresses (tests, an on-premises IdP) */
  OIDC_ALLOW_PRIVATE_JWKS: z.stringbool().default(false),
  /** a webhook request's deadline, connect to answer */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** the first retry's delay (doubling, ±25% jitter) and the longest one */
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(1).default(5_000),
  WEBHOOK_RETRY_MAX_MS: z.coerce.number().int().min(1).default(3_600_000),
  /** events older than this many days are pruned hourly (a feed cursor before them answers 410 cursor_expired); 0 = keep forever */
  EVENTS_RETENTION_DAYS: z.coerce.number().int().min(0).default(90),
  /** consumption answers remembered per process until what they are made of changes (src/app/consumption/answer-cache.ts); 0 = none */
  CONSUMPTION_CACHE_ENTRIES: z.coerce.number().int().min(0).default(5_000),
  /** an endpoint failing without a success this long is disabled */
  WEBHOOK_DISABLE_AFTER_HOURS: z.coerce.number().min(0).default(72),
  /** SMTP server for the outbox's e-mail (smtp://user:pass@host:587, smtps://…); unset: e-mail stays in the outbox for a portal to deliver */
  AQUALEDGER_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'smtp:// or smtps://').optional(),
  /** the From of outbox e-mail; required with AQUALEDGER_SMTP_URL */
  AQUALEDGER_SMTP_FROM: z.string().min(3).optional(),
  /**
   * The platform operator credential (issue 10 §7): the SHA-256 (hex) of the
   * operator's bearer token `aqlop_…` (`npm run operator:token` makes a pair).
   * Only the hash is configured, so the environment never holds the secret.
   * Unset: no operator, the /v1/platform routes answer 401.
   */
  AQUALEDGER_OPERATOR_TOKEN_SHA256: z.string().regex(/^[0-9a-f]{64}$/, 'the SHA-256 of the operator token, 64 lowercase hex digits').optional(),
}).refine((c) => !c.AQUALEDGER_SMTP_URL || !!c.AQUALEDGER_SMTP_FROM, { path: ['AQUALEDGER_SMTP_FROM'], message: 'required when AQUALEDGER_SMTP_URL is set' })

/** The outbox's SMTP sender settings, when configured. */
export function mailSettings(c: Config): MailSettings | undefined {
  return c.AQUALEDGER_SMTP_URL && c.AQUALEDGER_SMTP_FROM ? { smtpUrl: c.AQUALEDGER_SMTP_URL, from: c.AQUALEDGER_SMTP_FROM,
    // a batch per transaction; retries after 1, 2, 4 … minutes up to 6 hours, 10 attempts in all
    batch: 20, retryBaseMs: 60_000, retryMaxMs: 6 * 3_600_000, maxAttempts: 10 } : undefined
}

/** The webhook delivery settings from the environment. */
export function webhookSettings(c: Config) {
  return { allowPrivate: c.WEBHOOK_ALLOW_PRIVATE, timeoutMs: c.WEBHOOK_TIMEOUT_MS, retryBaseMs: c.WEBHOOK_RETRY_BASE_MS, retryMaxMs: c.WEBHOOK_RETRY_MAX_MS,
    disableAfterMs: Math.round(c.WEBHOOK_DISABLE_AFTER_HOURS * 3_600_000), batch: 100 }
}

export type Config = z.infer<typeof schema>

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`)
    throw new Error(`invalid configuration:\n${lines.join('\n')}`)
  }
  return parsed.data
}
