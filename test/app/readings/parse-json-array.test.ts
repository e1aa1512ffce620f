import t from 'tap'
import { jsonArrayValues } from '../../../src/app/readings/parse-json-array.ts'
import { NOT_JSON } from '../../../src/app/readings/parse-ndjson.ts'

async function collect(pieces: string[]) {
  const out: unknown[] = []
  for await (const v of jsonArrayValues((async function* () { for (const p of pieces) yield Buffer.from(p) })(), 1e9)) out.push(v)
  return out
}

t.test('elements split across chunks, strings with brackets and escapes', async (t) => {
  const text = ' [ {"a":"x,]}\\"y"}, [1,[2]], 3 ,"s", {"b":{"c":[]}} ] \n'
  for (let cut = 1; cut < text.length; cut += 3) {
    t.same(await collect([text.slice(0, cut), text.slice(cut)]), [{ a: 'x,]}"y' }, [1, [2]], 3, 's', { b: { c: [] } }])
  }
  t.same(await collect(['[]']), [])
  t.same(await collect(['[1,,2]']), [1, NOT_JSON, 2])
  t.same(await collect(['[{"a":1}, {"a":}]']), [{ a: 1 }, NOT_JSON])
})

t.test('not an array', async (t) => {
  await t.rejects(collect(['{"a":1}']), { code: 'validation_error' })
  await t.rejects(collect(['[1,2']), { code: 'validation_error' })
  await t.rejects(collect(['[1] x']), { code: 'validation_error' })
  await t.rejects(collect(['']), { code: 'validation_error' })
})
