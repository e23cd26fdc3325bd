/**
 * Images before anything is created: present here, or pullable (the registry is asked for the manifest,
 * `docker manifest inspect`'s question, without downloading a layer), and pulled with their progress, so a
 * 2 GB LiteLLM image is not a silent minute inside `compose up`.
 */
import type Docker from 'dockerode';
import { errorMessage } from '../core/errors.js';
import type { DockerApi } from './docker.js';

export type Availability = { at: 'local' } | { at: 'registry' } | { at: 'nowhere'; why: string };

/** The registry's answer, in words a fix can act on; the engine's own text kept as evidence. */
export function whyNotPullable(message: string): string {
  const said = message.replace(/^\(HTTP code \d+\)\s*((unexpected|server error) - )?/i, '').trim();
  if (/no such host|server misbehaving|i\/o timeout|connection refused|network is unreachable|no answer in/i.test(said)) return `its registry cannot be reached from this host (${said})`;
  if (/manifest unknown|not found|name unknown/i.test(said)) return `its registry has no such image or tag (${said})`;
  if (/unauthorized|denied|authentication required/i.test(said)) return `its registry refuses it: the name is wrong, or it needs \`docker login\` (${said})`;
  return `its registry could not be asked for it (${said})`;
}

const askDeadlineMs = 20_000;

export async function availability(api: DockerApi, ref: string): Promise<Availability> {
  if (await api.imageId(ref)) return { at: 'local' };
  let timer: NodeJS.Timeout | undefined;
  try {
    // A registry behind a firewall that drops packets would hang the first task: 20 s of silence is an answer.
    const silent = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer in ${askDeadlineMs / 1000} s`)), askDeadlineMs)));
    await Promise.race([api.raw.getImage(ref).distribution(), silent]);
    return { at: 'registry' };
  } catch (error) {
    return { at: 'nowhere', why: whyNotPullable(errorMessage(error)) };
  } finally {
    clearTimeout(timer);
  }
}

export interface PullProgress {
  /** Bytes downloaded and to download, over the layers whose size is known yet. */
  current: number;
  total: number;
  layers: number;
  layersDone: number;
}

interface PullEvent {
  id?: string;
  status?: string;
  progressDetail?: { current?: number; total?: number };
  error?: string;
}

/** Layer states that mean its bytes are here: downloaded, being or done extracting, or there before. */
const layerDone = /^(Download complete|Verifying Checksum|Extracting|Pull complete|Already exists)/;

/** Pulls one image; `onProgress` hears its bytes and layers. Rejects with the engine's error when it fails. */
export async function pullImage(docker: Docker, ref: string, onProgress: (p: PullProgress) => void): Promise<PullProgress> {
  const stream = await docker.pull(ref);
  const layers = new Map<string, { current: number; total: number; done: boolean }>();
  const sum = (): PullProgress => {
    const all = [...layers.values()];
    return {
      current: all.reduce((n, l) => n + (l.done ? l.total : l.current), 0),
      total: all.reduce((n, l) => n + l.total, 0),
      layers: all.length,
      layersDone: all.filter((l) => l.done).length,
    };
  };
  return new Promise((resolve, reject) => {
    let failure: string | undefined;
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : failure ? reject(new Error(failure)) : resolve(sum())),
      (event: PullEvent) => {
        if (event.error) failure = event.error;
        // Lines without a layer id are about the image (its digest, "Pulling from"); a layer's id is 12 hex.
        if (!event.id || !/^[0-9a-f]{12}$/.test(event.id) || !event.status) return;
        const layer = layers.get(event.id) ?? { current: 0, total: 0, done: false };
        if (event.status === 'Downloading' && event.progressDetail?.total) {
          layer.current = event.progressDetail.current ?? 0;
          layer.total = event.progressDetail.total;
        }
        if (layerDone.test(event.status)) layer.done = true;
        layers.set(event.id, layer);
        onProgress(sum());
      },
    );
  });
}

const mb = (n: number) => `${(n / 1e6).toFixed(n < 1e7 ? 1 : 0)} MB`;

/** `[#######-------] 412/1830 MB, 7/12 layers`: the progress bar of a pull, in the spinner's text. */
export function progressBar(p: PullProgress, width = 20): string {
  const share = p.total ? p.current / p.total : 0;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.total ? `${mb(p.current)} of ${mb(p.total)}` : 'starting'}, ${p.layersDone}/${p.layers} layers`;
}

export function pulledLine(ref: string, p: PullProgress, ms: number): string {
  return `pulled ${ref}: ${mb(p.current)} downloaded, ${p.layers} layer(s), in ${(ms / 1000).toFixed(1)} s`;
}
