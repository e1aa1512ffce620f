// What the API answers for a combined invoice (issue 12 §1): the invoice with
// its number, OCR reference and totals, the accounts and bills it covers, a
// section per utility and address, and VAT per rate.
import { z } from 'zod'
import { isoDate, pageQuery, uuid } from '../schemas.ts'

export const invoiceBillDto = z.object({
  billId: uuid, accountId: uuid, accountNumber: z.string(), billNumber: z.string(), address: z.string().nullable(),
  charges: z.string().describe('this period\'s charges with rounding (amount_due)'), payable: z.string(), paid: z.string(),
}).meta({ id: 'InvoiceBill' })

export const invoiceSectionDto = z.object({
  service: z.string().describe('cold_water, electricity, district_heating, solar_production, waste_collection, …'),
  accountId: uuid, accountNumber: z.string(), address: z.string().nullable(),
  amountExclVat: z.string().describe('the section\'s lines without VAT (a solar credit is negative)'), vat: z.string(),
}).meta({ id: 'InvoiceSection' })

export const vatRateDto = z.object({ rate: z.string().describe('percent'), base: z.string(), vat: z.string() }).meta({ id: 'InvoiceVatRate' })

export const invoiceDto = z.object({
  id: uuid, number: z.string().describe('gapless per tenant, series of its own (9 and 8 digits)'),
  ocr: z.string().describe('the OCR reference to pay the whole invoice with (Bankgirot: length digit and Luhn digit)'),
  customerId: uuid, customerName: z.string(), periodStart: z.string(), periodEnd: z.string().describe('the day after the last day'),
  issuedOn: z.string(), dueOn: z.string(), currency: z.string(),
  charges: z.string().describe('sum of the bills\' charges of the period, VAT included'),
  payable: z.string().describe('sum of the bills\' payable at issue (with earlier debt or credit)'),
  paid: z.string().describe('paid on the invoice\'s bills so far'),
  billRunId: uuid.nullable(), createdAt: z.string(),
  accounts: z.array(z.object({ id: uuid, number: z.string() })).describe('the customer\'s accounts on the invoice, by number; overpayment stays as credit on the first'),
  bills: z.array(invoiceBillDto),
}).meta({ id: 'Invoice' })
export type InvoiceDto = z.infer<typeof invoiceDto>

export const invoiceWithSectionsDto = invoiceDto.extend({
  sections: z.array(invoiceSectionDto).describe('each utility its own section, per address'),
  vat: z.array(vatRateDto).describe('VAT totals per rate over the whole invoice'),
}).meta({ id: 'InvoiceWithSections' })
export type InvoiceWithSectionsDto = z.infer<typeof invoiceWithSectionsDto>

export const invoiceListQuery = pageQuery.extend({
  customerId: uuid.optional(),
  accountId: uuid.optional().describe('invoices covering this account'),
  period: isoDate.optional().describe('the first day of the billing period'),
  billRunId: uuid.optional(),
  ocr: z.string().regex(/^\d{2,25}$/, 'an OCR reference: 2–25 digits').optional(),
}).strict()
