import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * The gateway process as the benchmark harness runs it (with an IPC channel): it stops cleanly on
 * SIGTERM, and on the end of the channel (its parent gone), instead of hanging until SIGKILL.
 */
function startGateway() {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'main.ts')], {
    env: { ...process.env, PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'production', JWT_SECRET: 'j'.repeat(40), GATEWAY_SHARED_SECRET: 'g'.repeat(24) },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  started.push(child);
  let out = '';
  const exited = new Promise<{ code: number | null; out: string }>((resolve) => child.on('exit', (code) => resolve({ code, out })));
  const ready = new Promise<void>((resolve, reject) => {
    // The log is JSON lines on stderr.
    const read = (d: Buffer) => {
      out += d;
      if (out.includes('gateway ready')) resolve();
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    void exited.then(() => reject(new Error(`the gateway exited before it was ready:\n${out}`)));
  });
  return { child, ready, exited };
}

const started: ChildProcess[] = [];
// A gateway that did not stop must not outlive the test (nor keep jest waiting on its pipes).
afterEach(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe('gateway main', () => {
  it('exits 0 on SIGTERM', async () => {
    const { child, ready, exited } = startGateway();
    await ready;
    child.kill('SIGTERM');
    const { code, out } = await exited;
    expect(code).toBe(0);
    expect(out).toContain('received SIGTERM; draining');
  }, 60_000);

  it('exits 0 when its parent\'s IPC channel ends', async () => {
    const { child, ready, exited } = startGateway();
    await ready;
    child.disconnect();
    expect((await exited).code).toBe(0);
  }, 60_000);
});
