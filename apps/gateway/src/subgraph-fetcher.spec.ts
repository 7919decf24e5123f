import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSubgraphFetcher } from './subgraph-fetcher';

/** The fetcher against a real HTTP server on a loopback port: what a subgraph call sends and gets back. */
describe('createSubgraphFetcher', () => {
  let server: Server;
  let url: string;
  const connections: number[] = [];
  const received: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const subgraphs = createSubgraphFetcher();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (req.url?.startsWith('/broken')) {
          res.writeHead(503, 'Service Unavailable', { 'content-type': 'text/plain' }).end('down for maintenance');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'max-age=30, private' }).end(JSON.stringify({ data: { echo: received.length } }));
      });
    });
    server.on('connection', () => connections.push(Date.now()));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql?x=1`;
  });

  afterAll(async () => {
    subgraphs.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('POSTs the body with the headers it is given and answers with status, headers and the body as JSON', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { id: 'acc-ü' } });
    const res = await subgraphs.fetcher(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-handoff-identity': 'signed' }, body });
    expect(received.at(-1)).toMatchObject({ method: 'POST', url: '/graphql?x=1', body, headers: expect.objectContaining({ 'x-handoff-identity': 'signed' }) });
    expect([res.ok, res.status, res.url]).toEqual([true, 200, url]);
    expect(res.headers.get('Content-Type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('max-age=30, private');
    expect(await res.clone().text()).toBe(JSON.stringify({ data: { echo: received.length } }));
    expect(await res.json()).toEqual({ data: { echo: received.length } });
  });

  it('keeps the connection open: ten calls one after another use one connection', async () => {
    const before = connections.length;
    for (let i = 0; i < 10; i++) await (await subgraphs.fetcher(url, { method: 'POST', body: '{}' })).json();
    expect(connections.length - before).toBeLessThanOrEqual(1);
  });

  it('passes a failed status through for the gateway to report (not ok, status text, body)', async () => {
    const res = await subgraphs.fetcher(url.replace('/graphql', '/broken'), { method: 'POST', body: '{}' });
    expect([res.ok, res.status, res.statusText]).toEqual([false, 503, 'Service Unavailable']);
    expect(await res.text()).toBe('down for maintenance');
  });

  it('rejects when the subgraph cannot be reached', async () => {
    await expect(subgraphs.fetcher('http://127.0.0.1:9/graphql', { method: 'POST', body: '{}' })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('sends a request again on a fresh connection when a kept-alive one turns out closed (socket hang up on reuse)', async () => {
    // A subgraph that drops every connection at its second request without answering: what a
    // keepAliveTimeout closing an idle socket looks like to a request already on its way.
    const requestsPerSocket = new Map<unknown, number>();
    let answered = 0;
    const flaky = createServer((req, res) => {
      const n = (requestsPerSocket.get(req.socket) ?? 0) + 1;
      requestsPerSocket.set(req.socket, n);
      req.resume();
      req.on('end', () => {
        if (n >= 2) {
          req.socket.destroy();
          return;
        }
        answered++;
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"data":{}}');
      });
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    const flakyUrl = `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/graphql`;
    const own = createSubgraphFetcher();
    try {
      for (let i = 0; i < 3; i++) expect((await own.fetcher(flakyUrl, { method: 'POST', body: '{}' })).status).toBe(200);
      expect(answered).toBe(3);
      expect(requestsPerSocket.size).toBe(3);
    } finally {
      own.close();
      flaky.closeAllConnections();
      await new Promise<void>((resolve) => flaky.close(() => resolve()));
    }
  });
});
