export interface LoadResult {
  requests: number;
  failed: number;
  failures: string[];
  /** When the loop began, and when its last request answered (ms since the epoch). */
  firstAt: number;
  lastAt: number;
}
export function loadLoop(base: string, key: string, maxMs: number): { stop(): Promise<LoadResult> };
