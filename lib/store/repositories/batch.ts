// Upsert/delete batches for tables keyed by (broker_id, <key>), chunked so one flush of a big
// broker never builds a statement beyond PostgreSQL's 65,535 bind parameters.
export const chunkSize = 500;

export function chunks<T>(items: T[]): T[][] {
  const result: T[][] = [];
  for (let i = 0; i < items.length; i += chunkSize) result.push(items.slice(i, i + chunkSize));
  return result;
}
