// Payment QR payload per GOST R 56042-2014 (Russian payment documents, seed 000;
// format in conventions.md "Russia"). Produces the text to encode; drawing
// the QR symbol is the document layer's job.

/** 1 = windows-1251, 2 = UTF-8, 3 = KOI8-R (the digit after ST0001). */
export type GostEncoding = 1 | 2 | 3

export interface GostRequired {
  /** payee name, ≤160 */
  Name: string
  /** payee account, 20 digits */
  PersonalAcc: string
  /** payee bank, ≤45 */
  BankName: string
  /** bank identification code, 9 digits */
  BIC: string
  /** correspondent account, ≤20 digits (may be '0') */
  CorrespAcc: string
}

export interface GostQrInput extends GostRequired {
  /** optional keys in the order given: Sum (kopecks), Purpose, PayeeINN, KPP, PersAcc, PaymPeriod, ServiceName, CounterId, CounterVal, TechCode, … */
  optional?: Array<[key: string, value: string]>
  encoding?: GostEncoding
}

/** The separator candidates, in the standard's order after '|'. */
export const GOST_SEPARATORS = ['|', '#', ';', ':', '^', '_', '~', '{', '}', '!', '$', '%', '&', '(', ')', '*', '+', ',', '/', '@'] as const

export class GostQrError extends Error {
  override readonly name = 'GostQrError'
  readonly code = 'gost_qr_invalid'
}

const OPTIONAL_LIMITS: Record<string, RegExp> = {
  Sum: /^[0-9]{1,18}$/, // kopecks, whole
  Purpose: /^[\s\S]{0,210}$/,
  PayeeINN: /^[0-9]{10}$|^[0-9]{12}$/,
  KPP: /^[0-9A-Z]{9}$/,
  TechCode: /^[0-9]{2}$/,
}

function check(cond: boolean, message: string): void {
  if (!cond) throw new GostQrError(message)
}

/** Sum key value: an amount in roubles as a decimal string → whole kopecks. */
export function rublesToKopecks(amount: string): string {
  const m = /^([0-9]+)(?:\.([0-9]{1,2}))?$/.exec(amount)
  if (!m) throw new GostQrError(`amount must be a non-negative decimal with ≤2 places: ${amount}`)
  const kop = `${m[1]}${(m[2] ?? '').padEnd(2, '0')}`.replace(/^0+(?=\d)/, '')
  return kop
}

export function gostQrPayload(input: GostQrInput): string {
  check(input.Name.length >= 1 && input.Name.length <= 160, 'Name must be 1–160 characters')
  check(/^[0-9]{20}$/.test(input.PersonalAcc), 'PersonalAcc must be 20 digits')
  check(input.BankName.length >= 1 && input.BankName.length <= 45, 'BankName must be 1–45 characters')
  check(/^[0-9]{9}$/.test(input.BIC), 'BIC must be 9 digits')
  check(/^[0-9]{1,20}$/.test(input.CorrespAcc), 'CorrespAcc must be 1–20 digits')
  const pairs: Array<[string, string]> = [
    ['Name', input.Name],
    ['PersonalAcc', input.PersonalAcc],
    ['BankName', input.BankName],
    ['BIC', input.BIC],
    ['CorrespAcc', input.CorrespAcc],
  ]
  for (const [key, value] of input.optional ?? []) {
    check(/^[A-Za-z][A-Za-z0-9]*$/.test(key), `bad key: ${key}`)
    check(!pairs.some(([k]) => k === key), `duplicate key: ${key}`)
    const rule = OPTIONAL_LIMITS[key]
    check(rule === undefined || rule.test(value), `bad value for ${key}: ${value}`)
    pairs.push([key, value])
  }
  const text = pairs.map(([, v]) => v).join('')
  const separator = GOST_SEPARATORS.find((s) => !text.includes(s))
  check(separator !== undefined, 'every allowed separator occurs in the values')
  const encoding = input.encoding ?? 2
  return `ST0001${encoding}${separator}${pairs.map(([k, v]) => `${k}=${v}`).join(separator)}`
}

/** Parse a payload back to its pairs (the separator is the 7th character). */
export function parseGostQr(payload: string): { encoding: GostEncoding; fields: Array<[string, string]> } {
  check(payload.startsWith('ST0001') && payload.length > 8, 'not an ST0001 payload')
  const encoding = Number(payload[6])
  check(encoding === 1 || encoding === 2 || encoding === 3, 'encoding digit must be 1, 2 or 3')
  const separator = payload[7] ?? ''
  const fields = payload.slice(8).split(separator).map((pair): [string, string] => {
    const i = pair.indexOf('=')
    check(i > 0, `bad pair: ${pair}`)
    return [pair.slice(0, i), pair.slice(i + 1)]
  })
  return { encoding: encoding as GostEncoding, fields }
}
