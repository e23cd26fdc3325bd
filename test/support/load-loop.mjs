// A bounded load loop for rolling updates, shared by test/docker/swarm.test.ts and the bench: requests one
// after another, each on a new connection (as many separate clients would), until stopped or for at most
// `maxMs`, so it always ends by itself. A failure is any answer but 200, or no answer.
import { request } from 'node:http';

export function loadLoop(base, key, maxMs) {
  let stopped = false;
  const failures = [];
  let requests = 0;
  const firstAt = Date.now();
  let lastAt = firstAt;
  const one = () =>
    new Promise((resolve) => {
      const req = request(`${base}/v1/models`, { agent: false, headers: { authorization: `Bearer ${key}` }, timeout: 10_000 }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode !== 200) failures.push(`HTTP ${res.statusCode}`);
          lastAt = Date.now();
          resolve();
        });
      });
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', (e) => {
        failures.push(e.message);
        resolve();
      });
      req.end();
    });
  const until = firstAt + maxMs;
  const done = (async () => {
    while (!stopped && Date.now() < until) {
      requests++;
      await one();
    }
  })();
  return {
    async stop() {
      stopped = true;
      await done;
      return { requests, failed: failures.length, failures, firstAt, lastAt };
    },
  };
}
