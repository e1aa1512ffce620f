// Create, read, update and list for the plain records (customers, premises,
// accounts, service points, meters, meter events, acts). One spec per
// resource drives the use-cases, the REST routes, the GraphQL resolvers and
// the OpenAPI document.
import { sql } from 'kysely'
import { v7 as uuidv7 } from 'uuid'
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import { notFound } from '../errors.ts'
import { decodeCursor, pageFrom } from '../pagination.ts'
import { inTransaction } from '../transaction.ts'

type AnyQuery = any

export interface ResourceSpec<Create = any, Update = any, Filters = any, Dto = any> {
  /** singular, lower camel: 'servicePoint' */
  name: string
  /** URL segment: 'service-points' */
  path: string
  /** GraphQL type name: 'ServicePoint' */
  typeName: string
  table: string
  idColumn: string
  create: z.ZodType<Create>
  update: z.ZodType<Update>
  filters: z.ZodObject<any>
  dto: z.ZodType<Dto>
  toInsert(input: Create): Record<string, unknown>
  toUpdate(input: Update): Record<string, unknown>
  toDto(row: any): Dto
  applyFilters(query: AnyQuery, filters: Filters): AnyQuery
  /** cross-record checks before a write (e.g. a meter's service point kind) */
  check?(db: Db, tenantId: string, input: Record<string, unknown>, existing?: any): Promise<void>
  /** side effects in the same transaction (an act's meter event) */
  afterCreate?(db: Db, tenantId: string, row: any, input: Create): Promise<void>
  /** false for append-only records (meter events) */
  updatable?: boolean
}

export async function getResource<D>(db: Db, spec: ResourceSpec<any, any, any, D>, tenantId: string, id: string): Promise<D> {
  const row = await findRow(db, spec, tenantId, id)
  if (!row) throw notFound(spec.name)
  return spec.toDto(row)
}

async function findRow(db: Db, spec: ResourceSpec, tenantId: string, id: string) {
  return (db as any).selectFrom(spec.table).selectAll()
    .where('tenantId', '=', tenantId).where(spec.idColumn, '=', id).executeTakeFirst()
}

export async function createResource<C, D>(db: Db, spec: ResourceSpec<C, any, any, D>, tenantId: string, input: C): Promise<D> {
  await spec.check?.(db, tenantId, input as Record<string, unknown>)
  return inTransaction(db, async (trx) => {
    const row = await (trx as any).insertInto(spec.table)
      .values({ ...spec.toInsert(input), tenantId, [spec.idColumn]: uuidv7() })
      .returningAll().executeTakeFirstOrThrow()
    await spec.afterCreate?.(trx, tenantId, row, input)
    return spec.toDto(row)
  })
}

export async function updateResource<U, D>(db: Db, spec: ResourceSpec<any, U, any, D>, tenantId: string, id: string, input: U): Promise<D> {
  const existing = await findRow(db, spec, tenantId, id)
  if (!existing) throw notFound(spec.name)
  await spec.check?.(db, tenantId, input as Record<string, unknown>, existing)
  const values = spec.toUpdate(input)
  if (Object.keys(values).length === 0) return spec.toDto(existing)
  const row = await (db as any).updateTable(spec.table).set({ ...values, updatedAt: sql<Date>`now()` })
    .where('tenantId', '=', tenantId).where(spec.idColumn, '=', id)
    .returningAll().executeTakeFirstOrThrow()
  return spec.toDto(row)
}

export async function listResources<F, D>(db: Db, spec: ResourceSpec<any, any, F, D>, tenantId: string,
  filters: F & { limit: number; cursor?: string | undefined }) {
  const after = decodeCursor(filters.cursor)
  let q = (db as any).selectFrom(spec.table).selectAll().where('tenantId', '=', tenantId)
  if (after) q = q.where(spec.idColumn, '>', after)
  q = spec.applyFilters(q, filters)
  const rows = await q.orderBy(spec.idColumn).limit(filters.limit + 1).execute()
  return pageFrom(rows, filters.limit, (r: any) => r[spec.idColumn], spec.toDto)
}

/** Drop keys whose value is undefined, so PATCH touches only what was sent. */
export function defined(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined))
}

export const iso = (d: Date | string | null) => (d === null ? null : d instanceof Date ? d.toISOString() : d)
