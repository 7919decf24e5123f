import type { RemoteGraphQLDataSource } from '@apollo/gateway';
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What RemoteGraphQLDataSource calls to reach a subgraph (`@apollo/utils.fetcher`'s Fetcher). */
export type SubgraphFetcher = RemoteGraphQLDataSource['fetcher'];
type FetcherResponse = Awaited<ReturnType<SubgraphFetcher>>;

/** A subgraph's answer, read in full: the gateway parses every body as JSON anyway. */
class SubgraphResponse implements FetcherResponse {
  readonly ok: boolean;
  readonly redirected = false;
  bodyUsed = false;

  constructor(
    readonly url: string,
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    private readonly body: Buffer,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.body.toString('utf8');
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    return new Uint8Array(this.body).buffer;
  }

  clone(): SubgraphResponse {
    return new SubgraphResponse(this.url, this.status, this.statusText, new Headers(this.headers), this.body);
  }
}

function headersOf(res: IncomingMessage): Headers {
  const headers = new Headers();
  for (let i = 0; i < res.rawHeaders.length; i += 2) headers.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
  return headers;
}

/**
 * The gateway's way to its subgraphs: plain `node:http` (or `https`) over keep-alive agents, one
 * pool of open connections per subgraph, reused request after request. Apollo's default fetcher
 * (make-fetch-happen: an HTTP cache, minipass streams and an agent that inspects a stack trace per
 * request) took about a quarter of the gateway's CPU on the handoff card, and Node 20's global
 * fetch about as much (WHATWG streams); this does the one thing a subgraph call needs: POST a body,
 * read the answer whole. `close` drops the open connections.
 */
export function createSubgraphFetcher(): { fetcher: SubgraphFetcher; close(): void } {
  const agents = { http: new HttpAgent({ keepAlive: true, scheduling: 'lifo' }), https: new HttpsAgent({ keepAlive: true, scheduling: 'lifo' }) };
  // A gateway calls the same few URLs over and over: parse each once.
  const targets = new Map<string, { secure: boolean; options: RequestOptions }>();
  const targetOf = (url: string) => {
    let target = targets.get(url);
    if (!target) {
      const u = new URL(url);
      const secure = u.protocol === 'https:';
      target = { secure, options: { protocol: u.protocol, hostname: u.hostname, port: u.port, path: `${u.pathname}${u.search}`, agent: secure ? agents.https : agents.http } };
      targets.set(url, target);
    }
    return target;
  };

  const send = (url: string, init: Parameters<SubgraphFetcher>[1] = {}, retried = false): Promise<FetcherResponse> =>
    new Promise<FetcherResponse>((resolve, reject) => {
      const { secure, options } = targetOf(url);
      const req = (secure ? httpsRequest : httpRequest)({ ...options, method: init.method ?? 'GET', headers: init.headers, signal: init.signal }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve(new SubgraphResponse(url, res.statusCode ?? 0, res.statusMessage ?? '', headersOf(res), Buffer.concat(chunks))));
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        // A kept-alive connection the subgraph closed while it sat idle (its keepAliveTimeout) fails
        // the moment it is reused, before the request reached the server: send it once more on a
        // fresh connection (what Node's http docs prescribe for req.reusedSocket).
        if (req.reusedSocket && !retried && (error.code === 'ECONNRESET' || error.message === 'socket hang up')) {
          send(url, init, true).then(resolve, reject);
        } else {
          reject(error);
        }
      });
      req.end(init.body);
    });
  const fetcher: SubgraphFetcher = (url, init) => send(url, init);

  return {
    fetcher,
    close: () => {
      agents.http.destroy();
      agents.https.destroy();
    },
  };
}
