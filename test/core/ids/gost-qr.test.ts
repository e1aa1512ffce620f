import t from 'tap'
import { gostQrPayload, parseGostQr, rublesToKopecks } from '../../../src/core/ids/gost-qr.ts'

const base = {
  Name: 'ООО «Три кита»',
  PersonalAcc: '40702810138250123017',
  BankName: 'ОАО "БАНК"',
  BIC: '044525225',
  CorrespAcc: '30101810400000000225',
}

t.test('conventions.md example shape', async (t) => {
  const p = gostQrPayload({ ...base, optional: [['PayeeINN', '6200098765'], ['Sum', rublesToKopecks('1000.00')]] })
  t.equal(p, 'ST00012|Name=ООО «Три кита»|PersonalAcc=40702810138250123017|BankName=ОАО "БАНК"|BIC=044525225|CorrespAcc=30101810400000000225|PayeeINN=6200098765|Sum=100000')
  t.same(parseGostQr(p).fields[6], ['Sum', '100000'])
})

t.test('separator: first candidate absent from all values', async (t) => {
  const p = gostQrPayload({ ...base, Name: 'A|B#C', encoding: 1 })
  t.equal(p.slice(0, 8), 'ST00011;')
  t.equal(parseGostQr(p).fields[0]?.[1], 'A|B#C')
})

t.test('length and format checks', async (t) => {
  t.throws(() => gostQrPayload({ ...base, PersonalAcc: '123' }))
  t.throws(() => gostQrPayload({ ...base, BIC: '04452522' }))
  t.throws(() => gostQrPayload({ ...base, Name: 'x'.repeat(161) }))
  t.throws(() => gostQrPayload({ ...base, BankName: 'x'.repeat(46) }))
  t.throws(() => gostQrPayload({ ...base, optional: [['Sum', '10.50']] }))
  t.throws(() => gostQrPayload({ ...base, optional: [['Name', 'again']] }))
  t.equal(rublesToKopecks('773.88'), '77388')
  t.equal(rublesToKopecks('0.5'), '50')
  t.throws(() => rublesToKopecks('1.234'))
})
