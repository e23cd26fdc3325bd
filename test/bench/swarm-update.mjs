// The bench's swarm figures: a rolling update of LiteLLM (2 replicas) to a new image tag on `upgrade`,
// with a bounded load loop (60 s at most) through a relay on the overlay network (this kernel has no
// IPVS, so the routing mesh's port does not answer here: ARCHITECTURE.md, "Swarm"). Prints requests
// made, failed, and the update's duration by the swarm's own record. Makes its own single-node swarm and
// leaves it; refuses to touch an engine already in a swarm.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadLoop } from '../support/load-loop.mjs';

const docker = (...args) => execFileSync('docker', args, { encoding: 'utf8' }).trim();

export async function swarmUpdateFigures(root, bin, images, redisImage) {
  if (docker('info', '-f', '{{.Swarm.LocalNodeState}}') !== 'inactive') {
    console.log('swarm rolling update:   skipped (this engine is already in a swarm; the bench only uses one it makes)');
    return;
  }
  const litellm = images[images.indexOf('--litellm-image') + 1];
  const next = `${litellm}-bench-next`;
  const dir = mkdtempSync(join(tmpdir(), 'litellm-mcp-bench-swarm-'));
  const name = 'benchswarm';
  docker('swarm', 'init', '--advertise-addr', '127.0.0.1');
  let relay;
  try {
    const initStarted = Date.now();
    const init = spawnSync('node', [bin, 'init', '--yes', '--dir', dir, '--name', name, '--target', 'swarm', '--litellm-replicas', '2', '--redis-image', redisImage, ...images], { encoding: 'utf8' });
    if (init.status !== 0) throw new Error(`swarm init failed:\n${init.stdout}${init.stderr}`);
    console.log(`swarm init A to G:      ${((Date.now() - initStarted) / 1000).toFixed(1)} s (2 LiteLLM replicas, Redis, the dedicated database, every proof)`);
    docker('tag', litellm, next);
    const key = /LITELLM_MASTER_KEY=(\S+)/.exec(readFileSync(join(dir, 'secrets/litellm.env'), 'utf8'))[1];
    const script = readFileSync(join(root, 'templates', 'overlay-relay.py'), 'utf8');
    relay = docker('run', '-d', '--network', `${name}-net`, '-p', '127.0.0.1::8080', '--entrypoint', 'python3', litellm, '-c', script, 'tasks.litellm', '4000');
    while (!docker('logs', relay).includes('relay ready')) await new Promise((r) => setTimeout(r, 200));
    const port = docker('port', relay, '8080/tcp').split(':').pop();
    const load = loadLoop(`http://127.0.0.1:${port}`, key, 60_000);
    const started = Date.now();
    const phase = new Promise((resolve) => spawn('node', [bin, 'upgrade', '--litellm-image', next, '--dir', dir], { stdio: 'ignore' }).on('exit', resolve));
    let update;
    while (Date.now() - started < 60_000) {
      await new Promise((r) => setTimeout(r, 500));
      update = JSON.parse(docker('service', 'inspect', '-f', '{{json .UpdateStatus}}', `${name}_litellm`));
      if (update?.State === 'completed' && Date.parse(update.CompletedAt) > started) break;
    }
    const result = await load.stop();
    const code = await phase;
    const seconds = update?.CompletedAt ? ((Date.parse(update.CompletedAt) - Date.parse(update.StartedAt)) / 1000).toFixed(1) : 'not finished within the loop';
    console.log(`swarm rolling update:   ${result.requests} requests, ${result.failed} failed, update ${seconds} s (2 replicas, start-first; upgrade exit ${code})`);
  } finally {
    // Clean-up never hides the figure's own error: each step may fail alone.
    const quiet = (cmd, args) => spawnSync(cmd, args, { stdio: 'ignore' });
    if (relay) quiet('docker', ['rm', '-f', relay]);
    await new Promise((resolve) => spawn('node', [bin, 'down', '--purge', '--yes', '--dir', dir], { stdio: 'ignore' }).on('exit', resolve));
    quiet('docker', ['swarm', 'leave', '--force']);
    quiet('docker', ['rmi', next]);
    rmSync(dir, { recursive: true, force: true });
  }
}
