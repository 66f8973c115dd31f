import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from './support.js';

const parentScript = new URL('./fixtures/sandbox-parent.ts', import.meta.url).pathname;

describe("a function's sandbox", () => {
  const server = createServer();
  afterAll(() => server.close());

  it('exits when the process that started it dies without stopping it (SIGKILL), instead of serving on as an orphan', { timeout: 30_000 }, async () => {
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    const connected = once(server, 'connection') as Promise<[Socket]>;
    const parent = spawn(process.execPath, ['--import', 'tsx', parentScript, String((server.address() as AddressInfo).port)], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'inherit'] });
    const [socket] = await connected;
    // The sandbox holds this connection open; it closes when the sandbox process ends, and only then.
    const sandboxGone = once(socket, 'close');
    const [line] = (await once(createInterface({ input: parent.stdout }), 'line')) as [string];
    expect(line).toMatch(/^sandbox \d+ \{"ok":true,"value":\{"pid":\d+\}/);

    parent.kill('SIGKILL');
    await once(parent, 'exit');

    const [hadError] = (await sandboxGone) as [boolean];
    expect(hadError).toBe(false);
  });
});
