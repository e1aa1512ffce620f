import t from 'tap'
import { innCheckDigits, isValidInn } from '../../../src/core/ids/inn.ts'

t.test('conventions.md test vectors', async (t) => {
  t.ok(isValidInn('1234567894'))
  t.ok(isValidInn('123456789047'))
  t.notOk(isValidInn('1234567895'))
  t.notOk(isValidInn('123456789037'))
  t.equal(innCheckDigits('1234567890'), '4')
  t.equal(innCheckDigits('123456789047'), '47')
})

t.test('malformed', async (t) => {
  for (const bad of ['', '123', '12345678944', '12345678a4', '1234567894 ']) t.notOk(isValidInn(bad), bad)
  t.throws(() => innCheckDigits('123'))
})
