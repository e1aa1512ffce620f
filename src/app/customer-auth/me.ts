// The signed-in customer (issue 10 §4): who it is and which accounts it holds.
import { z } from 'zod'
import type { Db } from '../../db/database.ts'
import type { Clock } from '../clock.ts'
import { customerUserDto, getCustomerUser } from './register.ts'
import { linkedAccountDto, linkedAccounts } from './link-account.ts'

export const meDto = z.object({ user: customerUserDto, accounts: z.array(linkedAccountDto) }).meta({ id: 'Me' })

export async function me(db: Db, tenantId: string, customerUserId: string, clock: Clock): Promise<z.infer<typeof meDto>> {
  const [user, accounts] = await Promise.all([getCustomerUser(db, tenantId, customerUserId), linkedAccounts(db, tenantId, customerUserId, clock)])
  return { user, accounts }
}
