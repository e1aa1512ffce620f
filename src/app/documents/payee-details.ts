// The payee printed on payment documents and behind their payment codes
// (conventions.md): the Russian bank details of the GOST R 56042 QR, the
// company code of Iranian bill IDs, the Swedish Bankgiro. Kept in its own
// table (migration 2026-11-23T0008), typed here so schema.ts stays untouched.
import { sql } from 'kysely'
import { z } from 'zod'
import type { JSONColumnType } from 'kysely'
import type { Db } from '../../db/database.ts'
import { isValidBankgiro } from '../../core/ids/swedish-ocr.ts'
import { inn, text } from '../schemas.ts'

export const payeeDetailsInput = z.object({
  name: text(160).describe('the utility as the payee: GOST QR Name (≤160)'),
  address: text(300).optional(),
  inn: inn.optional().describe('Russia: PayeeINN'),
  kpp: z.string().regex(/^[0-9A-Z]{9}$/, 'KPP has 9 characters').optional(),
  bankAccount: z.string().regex(/^[0-9]{20}$/, 'a Russian settlement account has 20 digits').optional().describe('GOST QR PersonalAcc'),
  bankName: text(45).optional().describe('GOST QR BankName (≤45)'),
  bic: z.string().regex(/^[0-9]{9}$/, 'BIC has 9 digits').optional(),
  correspondentAccount: z.string().regex(/^[0-9]{1,20}$/, 'up to 20 digits').optional().describe('GOST QR CorrespAcc'),
  billIdCompanyCode: z.string().regex(/^[0-9]{3}$/, '3 digits').optional().describe('Iran: the company code inside bill IDs'),
  orgNumber: z.string().regex(/^[0-9]{6}-?[0-9]{4}$/, 'a Swedish organisation number: NNNNNN-NNNN').optional().describe('Sweden: the payee\'s organisationsnummer, printed on the faktura'),
  vatNumber: z.string().regex(/^[A-Z]{2}[0-9A-Z]{2,13}$/, 'a VAT number with its country prefix, e.g. SE212000177601').optional().describe('the payee\'s VAT registration number (Sweden: momsregistreringsnummer, required on a faktura with moms)'),
  bankgiro: z.string().refine(isValidBankgiro, 'not a valid Bankgiro number (7–8 digits, Luhn)').optional().describe('Sweden: the payee\'s Bankgiro'),
}).strict()
export type PayeeDetails = z.infer<typeof payeeDetailsInput>

export const payeeDetailsDto = payeeDetailsInput.extend({ updatedAt: z.string().nullable() }).meta({ id: 'PayeeDetails' })

interface PayeeDetailsTable { tenantId: string; details: JSONColumnType<PayeeDetails>; updatedAt: Date }
const withPayee = (db: Db) => db.withTables<{ payeeDetails: PayeeDetailsTable }>()

/** The tenant's payee details, or null when never set. */
export async function findPayeeDetails(db: Db, tenantId: string): Promise<PayeeDetails | null> {
  const row = await withPayee(db).selectFrom('payeeDetails').select('details').where('tenantId', '=', tenantId).executeTakeFirst()
  return row?.details ?? null
}

export async function getPayeeDetails(db: Db, tenantId: string): Promise<z.infer<typeof payeeDetailsDto>> {
  const row = await withPayee(db).selectFrom('payeeDetails').selectAll().where('tenantId', '=', tenantId).executeTakeFirst()
  if (!row) {
    const tenant = await db.selectFrom('tenants').select('name').where('tenantId', '=', tenantId).executeTakeFirstOrThrow()
    return { name: tenant.name.slice(0, 160), updatedAt: null }
  }
  return { ...row.details, updatedAt: row.updatedAt.toISOString() }
}

export async function putPayeeDetails(db: Db, tenantId: string, input: PayeeDetails): Promise<z.infer<typeof payeeDetailsDto>> {
  const details = JSON.stringify(input)
  const row = await withPayee(db).insertInto('payeeDetails').values({ tenantId, details, updatedAt: sql<Date>`now()` })
    .onConflict((oc) => oc.column('tenantId').doUpdateSet({ details, updatedAt: sql<Date>`now()` }))
    .returningAll().executeTakeFirstOrThrow()
  return { ...row.details, updatedAt: row.updatedAt.toISOString() }
}
