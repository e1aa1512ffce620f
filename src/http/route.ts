// One declaration per REST operation: the server registers it, and
// scripts/generate-openapi.ts writes openapi.yaml from the same list, so the
// contract and the code cannot drift apart silently.
import type { FastifyReply, FastifyRequest } from 'fastify'
import { z } from 'zod'
import type { Db } from '../db/database.ts'
import type { Principal, Scope } from '../app/auth/principal.ts'
import type { Clock } from '../app/clock.ts'

export interface RouteContext<P, Q, B> {
  params: P
  query: Q
  body: B
  db: Db
  /** the app's clock: handlers never read the wall clock themselves */
  clock: Clock
  principal: Principal
  request: FastifyRequest
  reply: FastifyReply
}

export interface RouteDef<P = any, Q = any, B = any> {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  url: string
  operationId: string
  summary: string
  description?: string
  tags: string[]
  /** any of these scopes admits the caller; admin always does */
  scopes: Scope[]
  params?: z.ZodType<P>
  query?: z.ZodType<Q>
  body?: z.ZodType<B>
  /** request body read as a stream (NDJSON bulk uploads): no JSON body schema */
  rawBody?: { contentTypes: string[]; description: string }
  /**
   * A JSON body described by `schema`, or a file (`media`: PDF, CSV, XLSX,
   * ZIP …) that the handler returns as a Buffer or a stream, after setting
   * content-type and content-disposition on the reply (default: media[0]).
   */
  response: { status: number; description: string } & ({ schema: z.ZodType; media?: never } | { media: string[]; schema?: never })
  /** extra documented error statuses beyond the common ones */
  errors?: number[]
  /** body size limit for this route in bytes */
  bodyLimit?: number
  /** the write is run in one transaction with its Idempotency-Key record */
  idempotent?: boolean
  /** one example (`request`, `response`), or several by name (`named`: OpenAPI `examples`) */
  examples?: { request?: unknown; response?: unknown; named?: Record<string, { summary: string; request: unknown; response: unknown }> }
  handler(ctx: RouteContext<P, Q, B>): Promise<unknown>
}

export function route<P = unknown, Q = unknown, B = unknown>(def: RouteDef<P, Q, B>): RouteDef<P, Q, B> {
  return def
}

/** Fastify path syntax (:id) → OpenAPI ({id}). */
export function openApiPath(url: string): string {
  return url.replace(/:([A-Za-z0-9_]+)/g, '{$1}')
}
