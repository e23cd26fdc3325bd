/** The health wait against the real engine: a container removed while we wait is reported at once. */
import { execa } from 'execa';
import Docker from 'dockerode';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { waitHealthy } from '../../src/infra/health.js';

const name = 'health-wait-removed';

afterEach(async () => {
  await execa('docker', ['rm', '-f', name], { reject: false });
});

describe('waitHealthy', () => {
  it('reports a container removed during the wait as removed, not as a timeout at the deadline', async () => {
    // Created, never started: no exit, no health verdict; only its removal (a `destroy` event) can end the wait.
    const id = (await execa('docker', ['create', '--name', name, '--entrypoint', 'sleep', inject('postgresImage'), '600'])).stdout.trim();
    setTimeout(() => void execa('docker', ['rm', '-f', name], { reject: false }), 1500);
    const result = await waitHealthy(new Docker(), id, 20_000);
    expect(result).toMatchObject({ status: 'exited', detail: 'was removed while we waited for it' });
  });
});
