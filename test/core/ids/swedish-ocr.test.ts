import t from 'tap'
import { buildOcr, isValidBankgiro, isValidOcr } from '../../../src/core/ids/swedish-ocr.ts'

t.test('conventions.md example', async (t) => {
  t.equal(buildOcr('1234567890'), '123456789023')
  t.ok(isValidOcr('123456789023', { lengthDigit: true }))
  t.equal(buildOcr('1234567890', { lengthDigit: false }), '12345678903')
  t.ok(isValidOcr('12345678903'))
})

t.test('rejections', async (t) => {
  t.notOk(isValidOcr('123456789024'))
  t.notOk(isValidOcr('123456789013', { lengthDigit: true })) // wrong length digit (Luhn valid)
  t.notOk(isValidOcr('1'))
  t.notOk(isValidOcr('12a4'))
  t.throws(() => buildOcr('1'.repeat(24)))
})

t.test('Bankgiro', async (t) => {
  t.ok(isValidBankgiro('5555-5551')) // Luhn-valid 8-digit
  t.ok(isValidBankgiro('55555551'))
  t.notOk(isValidBankgiro('5555-5552'))
  t.notOk(isValidBankgiro('123456'))
})
