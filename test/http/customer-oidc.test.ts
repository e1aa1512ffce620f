// Issue 10 §1b: sign-in through the tenant's identity provider. The IdP is
// real: a key pair made with jose, its JWKS served by this test on a loopback
// HTTP server; ID tokens are signed with it (or with a key it does not
// publish) and exchanged for the product's own tokens.
import t from 'tap'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose'
import { bearer, testApp } from '../helpers/app.ts'
import { testClock } from '../helpers/clock.ts'
import { makeAccount } from './readings-fixtures.ts'

const { app, tenant, other } = await testApp(t)
const admin = bearer(tenant.keys.admin)
const base = `/v1/tenants/${tenant.id}/customer-auth`

// The explicit option that lets a JWKS URL be loopback http (off by default).
const previous = process.env['OIDC_ALLOW_PRIVATE_JWKS']
process.env['OIDC_ALLOW_PRIVATE_JWKS'] = 'true'
t.teardown(() => { if (previous === undefined) delete process.env['OIDC_ALLOW_PRIVATE_JWKS']; else process.env['OIDC_ALLOW_PRIVATE_JWKS'] = previous })

const idp = await generateKeyPair('RS256', { extractable: true })
const rogue = await generateKeyPair('RS256', { extractable: true })
const jwks = { keys: [{ ...(await exportJWK(idp.publicKey)), kid: 'idp-1', alg: 'RS256', use: 'sig' }] }
let jwksFetches = 0
const server = http.createServer((req, res) => {
  jwksFetches++
  if (req.url !== '/jwks') { res.writeHead(404).end(); return }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks))
})
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())))
const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`

const ISSUER = 'https://idp.test.example'
const AUDIENCE = 'aqualedger-portal'
const now = Math.floor(testClock.now().getTime() / 1000)

async function idToken(claims: Record<string, unknown>, o: { key?: CryptoKey; kid?: string; iss?: string; aud?: string; iat?: number; exp?: number } = {}) {
  return new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: o.kid ?? 'idp-1' })
    .setIssuer(o.iss ?? ISSUER).setAudience(o.aud ?? AUDIENCE).setSubject('idp-subject-1')
    .setIssuedAt(o.iat ?? now - 60).setExpirationTime(o.exp ?? now + 300).sign(o.key ?? idp.privateKey)
}
const exchange = (token: string, path = base) => app.inject({ method: 'POST', url: `${path}/oidc`, payload: { idToken: token } })
const PERSON = { personal_identity_number: '199001011234', name: 'Anna Svensson' }

t.test('configuring the provider: admins only; the JWKS URL is SSRF-checked', async (t) => {
  const body = { issuer: ISSUER, audience: AUDIENCE, jwksUrl, subjectClaim: 'personal_identity_number' }
  t.equal((await app.inject({ method: 'GET', url: '/v1/identity-provider', headers: admin })).statusCode, 404, 'none yet')
  t.equal((await exchange(await idToken(PERSON))).statusCode, 404, 'no provider: nothing to sign in with')
  t.equal((await app.inject({ method: 'PUT', url: '/v1/identity-provider', headers: bearer(tenant.keys.portal), payload: body })).statusCode, 403)
  process.env['OIDC_ALLOW_PRIVATE_JWKS'] = 'false'
  try {
    for (const url of [jwksUrl, 'https://127.0.0.1/jwks', 'https://localhost/jwks', 'https://[::1]/jwks', 'https://169.254.169.254/latest', 'http://idp.example.org/jwks']) {
      const r = await app.inject({ method: 'PUT', url: '/v1/identity-provider', headers: admin, payload: { ...body, jwksUrl: url } })
      t.same([r.statusCode, r.json().code], [400, 'validation_error'], `refused without the option: ${url}`)
    }
  } finally {
    process.env['OIDC_ALLOW_PRIVATE_JWKS'] = 'true'
  }
  const put = await app.inject({ method: 'PUT', url: '/v1/identity-provider', headers: admin, payload: body })
  t.equal(put.statusCode, 200, put.body)
  t.match(put.json(), { ...body, customerKind: 'person' })
  t.same((await app.inject({ method: 'GET', url: '/v1/identity-provider', headers: admin })).json(), put.json())
  t.equal((await app.inject({ method: 'GET', url: '/v1/identity-provider', headers: bearer(other.keys.admin) })).statusCode, 404, 'per tenant')
})

t.test('a valid ID token gives a session; the same person twice is the same user', async (t) => {
  const r1 = await exchange(await idToken(PERSON))
  t.equal(r1.statusCode, 200, r1.body)
  t.ok(r1.json().accessToken && r1.json().refreshToken)
  const me1 = (await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(r1.json().accessToken) })).json()
  t.equal(me1.user.name, 'Anna Svensson')
  t.same([me1.user.email, me1.user.phone], [null, null])
  const r2 = await exchange(await idToken({ ...PERSON, name: 'Anna S.' }))
  const me2 = (await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(r2.json().accessToken) })).json()
  t.equal(me2.user.id, me1.user.id, 'found by personal_identity_number')
  const someoneElse = await exchange(await idToken({ personal_identity_number: '198502023456' }))
  const me3 = (await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(someoneElse.json().accessToken) })).json()
  t.not(me3.user.id, me1.user.id)
  t.equal((await app.inject({ method: 'POST', url: `${base}/refresh`, payload: { refreshToken: r1.json().refreshToken } })).statusCode, 200, 'refresh works as for a password session')
  // the provider vouched for the person: linking needs no e-mail/phone confirmation
  const a = await makeAccount(app, tenant)
  const number = (await app.inject({ method: 'GET', url: `/v1/accounts/${a.accountId}`, headers: admin })).json().number
  const link = await app.inject({ method: 'POST', url: '/v1/me/accounts', headers: bearer(r2.json().accessToken), payload: { kind: 'residential', accountNumber: number, surname: 'test' } })
  t.equal(link.statusCode, 201, link.body)
})

t.test('tokens that do not verify: one 401 problem+json', async (t) => {
  const cases: [string, Promise<string> | string][] = [
    ['wrong issuer', idToken(PERSON, { iss: 'https://evil.example' })],
    ['wrong audience', idToken(PERSON, { aud: 'someone-else' })],
    ['expired (by the injected clock)', idToken(PERSON, { iat: now - 7200, exp: now - 3600 })],
    ['not yet valid', idToken(PERSON, { iat: now + 3600, exp: now + 7200 })],
    ['unknown kid', idToken(PERSON, { key: rogue.privateKey, kid: 'idp-2' })],
    ['bad signature (the right kid, another key)', idToken(PERSON, { key: rogue.privateKey })],
    ['no identifying claim', idToken({ name: 'Nobody' })],
    ['not a JWT', 'not-a-jwt'],
    ['alg none', `${Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url')}.${Buffer.from(JSON.stringify({ ...PERSON, iss: ISSUER, aud: AUDIENCE, exp: now + 300 })).toString('base64url')}.`],
  ]
  const shapes = new Set<string>()
  for (const [what, token] of cases) {
    const r = await exchange(await token)
    t.equal(r.statusCode, 401, what)
    t.match(r.headers['content-type'], /application\/problem\+json/, what)
    t.equal(r.json().code, 'invalid_id_token', what)
    shapes.add(JSON.stringify([r.statusCode, r.json().code, r.json().detail]))
  }
  t.equal(shapes.size, 1, 'which check failed is not told')
  t.ok(jwksFetches >= 1)
  t.equal((await exchange(await idToken(PERSON), `/v1/tenants/${other.id}/customer-auth`)).statusCode, 404, 'another tenant has no provider')
})

t.test('a disabled user cannot sign in through the provider', async (t) => {
  const r = await exchange(await idToken({ personal_identity_number: '197003035678' }))
  const id = (await app.inject({ method: 'GET', url: '/v1/me', headers: bearer(r.json().accessToken) })).json().user.id
  t.equal((await app.inject({ method: 'POST', url: `/v1/customer-users/${id}/disable`, headers: admin })).statusCode, 200)
  t.equal((await exchange(await idToken({ personal_identity_number: '197003035678' }))).statusCode, 401)
})
