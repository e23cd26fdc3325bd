/** Container logs as text: Docker's multiplexed frames undone. */
import type Docker from 'dockerode';

/** Frames: 1 byte stream type, 3 zero bytes, 4-byte big-endian length, payload. A TTY stream has none. */
export function demux(raw: Buffer): string {
  if (!(raw.length >= 8 && raw[1] === 0 && raw[2] === 0 && raw[3] === 0 && (raw[0] === 1 || raw[0] === 2))) return raw.toString('utf8');
  let text = '';
  let offset = 0;
  while (offset + 8 <= raw.length) {
    const size = raw.readUInt32BE(offset + 4);
    text += raw.subarray(offset + 8, offset + 8 + size).toString('utf8');
    offset += 8 + size;
  }
  return text;
}

/** The last lines a container logged, stdout and stderr together. */
export async function lastLogLines(docker: Docker, id: string, lines = 20): Promise<string[]> {
  const raw = (await docker.getContainer(id).logs({ stdout: true, stderr: true, tail: lines, follow: false })) as unknown as Buffer;
  return demux(raw).split('\n').filter((l) => l.trim() !== '').slice(-lines);
}
