// One payment: the bulk use-case with one row, its outcome turned into the
// stored payment or an error (issue 4 §3: same external id and content → the
// stored payment; other content → 409 payment_conflict).
import type { Db } from '../../db/database.ts'
import { AppError, notFound, unprocessable } from '../errors.ts'
import { toPaymentDtos } from './payment-dto.ts'
import type { PaymentDto, PaymentInput } from './payment-input.ts'
import { postPayments } from './post-payments.ts'

export async function postPayment(db: Db, tenantId: string, input: PaymentInput): Promise<{ created: boolean; payment: PaymentDto }> {
  const [outcome] = await postPayments(db, tenantId, [input])
  switch (outcome!.status) {
    case 'created': case 'duplicate':
      return { created: outcome!.status === 'created', payment: (await toPaymentDtos(db, tenantId, [outcome!.payment]))[0]! }
    case 'conflict': throw new AppError('payment_conflict', 409, outcome!.message)
    case 'rejected':
      if (outcome!.code === 'currency_mismatch' || outcome!.code === 'amount_precision') throw unprocessable(outcome!.code, outcome!.message)
      throw notFound(outcome!.code === 'account_not_found' ? 'account' : outcome!.code === 'invoice_not_found' ? 'invoice with this OCR reference' : 'bill')
  }
}
