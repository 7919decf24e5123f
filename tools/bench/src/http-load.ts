/**
 * A small, bounded load loop (autocannon is not installed): `concurrency` workers, each taking the
 * next request index until `requests` were made or `maxSeconds` passed, so a run never outlives its
 * budget. Latency is per request, from before the call to after its body was read and checked.
 * Loopback only: callers pass 127.0.0.1 URLs.
 */
export interface LoadResult {
  /** Milliseconds of every successful request. */
  latencies: number[];
  errors: number;
  firstError?: string;
  seconds: number;
  /** Requests made (successful + failed); below `requests` when the time budget ran out. */
  made: number;
}

export async function runLoad(
  { requests, concurrency, maxSeconds }: { requests: number; concurrency: number; maxSeconds: number },
  task: (index: number) => Promise<void>,
): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let next = 0;
  const start = performance.now();
  const deadline = start + maxSeconds * 1000;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= requests || performance.now() > deadline) return;
      const t0 = performance.now();
      try {
        await task(i);
        latencies.push(performance.now() - t0);
      } catch (e) {
        errors++;
        firstError ??= (e as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return { latencies, errors, firstError, seconds: (performance.now() - start) / 1000, made: Math.min(next, requests) };
}

/** POST a GraphQL operation; throws on HTTP or GraphQL errors. */
export async function postGraphql<T>(url: string, query: string, variables: Record<string, unknown>, headers: Record<string, string>): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] };
  if (!res.ok || body.errors?.length) {
    throw new Error(`HTTP ${res.status}: ${body.errors?.map((e) => `${e.message} (${e.extensions?.code ?? '?'})`).join('; ') ?? 'no body'}`);
  }
  return body.data as T;
}
