import t from 'tap'
import fc from 'fast-check'
import { iranMod11 } from '../../../src/core/ids/check-digits.ts'
import {
  buildBillId, buildPaymentId, isValidBillId, isValidPaymentId, parseBillId, parsePaymentId,
} from '../../../src/core/ids/iran-bill-id.ts'

t.test('conventions.md example: bill 9985235404124, payment 880000568', async (t) => {
  t.ok(isValidBillId('9985235404124'))
  t.same(parseBillId('9985235404124'), { file: '99852354', company: '041', service: 2 })
  t.ok(isValidPaymentId('9985235404124', '880000568'))
  t.same(parsePaymentId('9985235404124', '880000568'), { amountRials: '8800000', yearDigit: 0, period: 5 })
  t.equal(buildPaymentId('9985235404124', { amountRials: '8800000', yearDigit: 0, period: 5 }), '880000568')
  t.equal(buildBillId({ file: '99852354', company: '041', service: 2 }), '9985235404124')
})

t.test('mod11 edge: r < 2 gives 0', async (t) => {
  t.equal(iranMod11('0'), 0)
  // 6 × 2 = 12, 12 mod 11 = 1 → 0
  t.equal(iranMod11('6'), 0)
  // 1 × 2 = 2 → 11 − 2 = 9
  t.equal(iranMod11('1'), 9)
})

t.test('rejections', async (t) => {
  t.notOk(isValidBillId('9985235404125'))
  t.notOk(isValidBillId('99852'))
  t.notOk(isValidPaymentId('9985235404124', '880000567'))
  t.notOk(isValidPaymentId('9985235404124', '880000558'))
  t.throws(() => buildPaymentId('9985235404124', { amountRials: '8800500', yearDigit: 0, period: 5 }))
  t.throws(() => buildBillId({ file: '123456789', company: '041', service: 1 }))
})

t.test('round trip (property)', async (t) => {
  fc.assert(fc.property(
    fc.stringMatching(/^[1-9][0-9]{0,7}$/), fc.stringMatching(/^[0-9]{3}$/), fc.integer({ min: 1, max: 6 }),
    fc.integer({ min: 1, max: 99_999_999 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 1, max: 6 }),
    (file, company, service, thousands, yearDigit, period) => {
      const billId = buildBillId({ file, company, service: service as 1 })
      const paymentId = buildPaymentId(billId, { amountRials: `${thousands}000`, yearDigit, period })
      return isValidBillId(billId) && isValidPaymentId(billId, paymentId) &&
        parsePaymentId(billId, paymentId)?.amountRials === `${thousands}000`
    }))
  t.pass()
})
