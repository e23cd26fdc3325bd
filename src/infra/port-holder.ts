/**
 * Who holds a host port: a container (from Docker's published ports) or, failing that, a local process
 * found through /proc (its listening socket's inode among a process's open files). Best effort: another
 * user's processes cannot be seen without root, and then nothing is named.
 */
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { DockerApi } from './docker.js';

/**
 * Inodes of sockets whose local port is `port`: listening ones, or (listening false) any other state.
 * A socket in TIME_WAIT (state 06) belongs to no process any more: its inode is 0.
 */
function socketInodes(port: number, listening: boolean, states?: Set<string>): Set<string> {
  const inodes = new Set<string>();
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      // local_address is HEX_IP:HEX_PORT; state 0A is LISTEN; the inode is the tenth field.
      if ((f[3] === '0A') === listening && parseInt(f[1]?.split(':')[1] ?? '', 16) === port && f[9]) {
        inodes.add(f[9]);
        states?.add(f[3] ?? '');
      }
    }
  }
  return inodes;
}

function processHolding(inodes: Set<string>): string | undefined {
  if (inodes.size === 0) return undefined;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    let fds: string[];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        const inode = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
        if (inode && inodes.has(inode)) return `process ${readFileSync(`/proc/${pid}/comm`, 'utf8').trim()} (pid ${pid})`;
      } catch {
        // The process ended or its files are not ours to read.
      }
    }
  }
  return undefined;
}

export async function portHolder(docker: DockerApi, port: number): Promise<string | undefined> {
  const container = (await docker.publishedPorts()).find((p) => p.hostPort === port);
  if (container) return `container ${container.container}`;
  const listener = processHolding(socketInodes(port, true));
  if (listener) return listener;
  // No listener, yet the port cannot be bound: a connection uses it as its local port. The kernel hands
  // out ports of its ephemeral range to outgoing connections; Docker then fails to publish that port.
  const states = new Set<string>();
  const connection = socketInodes(port, false, states);
  if (connection.size === 0) return undefined;
  const owner = processHolding(connection);
  if (!owner && states.has('06')) return `a connection that closed moments ago and still holds ${port} as its local port (TIME_WAIT: free again within a minute)`;
  return `a connection${owner ? ` of ${owner}` : ''} that uses ${port} as its local port (see \`ss -tnp sport = :${port}\`)`;
}
