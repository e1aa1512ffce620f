// Bulk intake does long stretches of synchronous work (parsing a buffered
// body, judging a chunk) while a chunk is being written over the same
// connection. The write needs the event loop: query results to be read and
// the next command sent, COPY data written as the socket drains. Yielding
// every so often keeps Postgres fed instead of waiting for the stretch to end.

/** Rows between yields: ~1 ms of work, so a yield's cost stays negligible. */
export const YIELD_EVERY = 1_000

export const yieldToIo = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))
