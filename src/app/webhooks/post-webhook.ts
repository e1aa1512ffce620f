// One webhook POST, guarded: private, loopback, link-local and other
// non-public addresses are refused unless allowed (SSRF: a tenant must not
// make us call our own network), checked on every address DNS returns at
// connect time (no rebinding between a check and the connect); redirects are
// not followed; the whole exchange has a deadline; at most 1 KB of the answer
// is read and kept.
import http from 'node:http'
import https from 'node:https'
import dns from 'node:dns'
import net from 'node:net'
import { performance } from 'node:perf_hooks'

export interface PostOptions {
  allowPrivate: boolean
  timeoutMs: number
}

export interface PostResult {
  ok: boolean
  statusCode: number | null
  latencyMs: number
  excerpt: string | null
  error: string | null
}

export const EXCERPT_BYTES = 1024

const blocked = new net.BlockList()
for (const [net4, bits] of [['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24], ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4]] as const) {
  blocked.addSubnet(net4, bits, 'ipv4')
}
for (const [net6, bits] of [['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32]] as const) {
  blocked.addSubnet(net6, bits, 'ipv6')
}

/** Why an address may not be called, or undefined when it is public. */
export function refusedAddress(address: string): string | undefined {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  const v4 = mapped ? mapped[1]! : net.isIPv4(address) ? address : undefined
  if (v4 ? blocked.check(v4, 'ipv4') : blocked.check(address, 'ipv6')) return `${address} is a private, loopback or link-local address`
  return undefined
}

/** dns.lookup, refusing names that resolve to a non-public address (exported for its test). */
export function guardedLookup(allowPrivate: boolean): net.LookupFunction {
  return (hostname, options, callback) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, '', 0)
      const list = addresses as dns.LookupAddress[]
      if (!allowPrivate) {
        for (const a of list) {
          const why = refusedAddress(a.address)
          if (why) return callback(Object.assign(new Error(`refused: ${hostname} resolves to ${why}`), { code: 'EREFUSED_PRIVATE' }), '', 0)
        }
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list)
      callback(null, list[0]!.address, list[0]!.family)
    })
  }
}

/** Checks a webhook URL's shape: http(s), no credentials; literal private addresses refused unless allowed. */
export function urlProblem(raw: string, allowPrivate: boolean): string | undefined {
  let url: URL
  try { url = new URL(raw) } catch { return 'not a URL' }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'only http and https URLs are allowed'
  if (url.username || url.password) return 'credentials in the URL are not allowed; use the signature to authenticate us'
  const host = url.hostname.replace(/^\[|\]$/g, '')
  if (!allowPrivate) {
    if (host === 'localhost' || host.endsWith('.localhost')) return 'localhost is not allowed'
    if (net.isIP(host)) return refusedAddress(host)
  }
  return undefined
}

export function postWebhook(rawUrl: string, headers: Record<string, string>, body: string, opts: PostOptions): Promise<PostResult> {
  const started = performance.now()
  const done = (r: Omit<PostResult, 'latencyMs'>): PostResult => ({ ...r, latencyMs: Math.round(performance.now() - started) })
  const problem = urlProblem(rawUrl, opts.allowPrivate)
  if (problem) return Promise.resolve(done({ ok: false, statusCode: null, excerpt: null, error: `refused: ${problem}` }))
  const url = new URL(rawUrl)
  const client = url.protocol === 'https:' ? https : http
  return new Promise((resolve) => {
    let settled = false
    const finish = (r: Omit<PostResult, 'latencyMs'>) => { if (!settled) { settled = true; clearTimeout(timer); resolve(done(r)) } }
    const req = client.request(url, { method: 'POST', lookup: guardedLookup(opts.allowPrivate), agent: false,
      headers: { ...headers, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'Aqualedger-Webhooks/1' } }, (res) => {
      const chunks: Buffer[] = []
      let size = 0
      const settle = () => {
        const excerpt = Buffer.concat(chunks).subarray(0, EXCERPT_BYTES).toString('utf8')
        const status = res.statusCode ?? null
        finish({ ok: status !== null && status >= 200 && status < 300, statusCode: status, excerpt: excerpt || null, error: null })
        res.destroy()
      }
      res.on('data', (c: Buffer) => {
        if (size < EXCERPT_BYTES) chunks.push(c)
        size += c.length
        // no more than the excerpt is ever read: a huge answer costs us nothing
        if (size >= EXCERPT_BYTES) settle()
      })
      res.on('end', settle)
      res.on('error', settle)
    })
    const timer = setTimeout(() => {
      req.destroy(new Error(`timed out after ${opts.timeoutMs} ms`))
    }, opts.timeoutMs)
    req.on('error', (err) => finish({ ok: false, statusCode: null, excerpt: null, error: err.message.slice(0, 500) }))
    req.end(body)
  })
}
