import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

// stopOnSignals in a real child process (plain JavaScript, requiring the TypeScript source through
// tsx): a service started with an IPC channel (as the benchmark harness starts them) drains and
// exits when the channel ends, as it does when its parent dies.
const SERVICE = `
const { stopOnSignals } = require(${JSON.stringify(join(__dirname, 'service-runtime.ts'))});
const logger = { debug() {}, info() {}, warn() {}, error() {} };
setInterval(() => {}, 1000);
stopOnSignals(async () => { process.stdout.write('drained'); }, logger);
process.send('ready');
`;

const started: ChildProcess[] = [];
// A child that did not stop must not outlive its test.
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

function startChild() {
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', SERVICE], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
  started.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (err += d));
  const exited = new Promise<{ code: number | null; out: string; err: string }>((resolve) => child.on('exit', (code) => resolve({ code, out, err })));
  const ready = new Promise<void>((resolve, reject) => {
    // Only the child's own message: tsx may use the channel too (it reports loaded files in watch mode).
    child.on('message', (m) => m === 'ready' && resolve());
    void exited.then((e) => reject(new Error(`exited before it was ready: ${e.err}`)));
  });
  return { child, ready, exited };
}

describe('stopOnSignals', () => {
  it('drains and exits 0 when its parent\'s IPC channel ends', async () => {
    const { child, ready, exited } = startChild();
    await ready;
    child.disconnect();
    const result = await exited;
    expect(result).toMatchObject({ code: 0, out: 'drained' });
  }, 30_000);

  it('still drains on SIGTERM', async () => {
    const { child, ready, exited } = startChild();
    await ready;
    child.kill('SIGTERM');
    expect(await exited).toMatchObject({ code: 0, out: 'drained' });
  }, 30_000);
});
