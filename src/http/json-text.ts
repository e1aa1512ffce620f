// A route's answer already serialized as JSON (a remembered consumption
// answer keeps its text, answer-cache.ts): typed as JSON, Fastify writes a
// string body as it is instead of serializing it again. Typed only once the
// text is there, so an error's problem+json keeps its own type.
import type { FastifyReply } from 'fastify'

export async function jsonText(reply: FastifyReply, text: Promise<string>): Promise<string> {
  const body = await text
  reply.type('application/json; charset=utf-8')
  return body
}
