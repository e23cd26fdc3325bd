/**
 * Phase G's audit of a swarm service's spec (the Docker Engine API's ServiceSpec, as `docker service
 * inspect` shows it): as generated it has no drift; each option taken away by hand is named. The
 * swarm test (test/docker/swarm.test.ts) runs it on the real services.
 */
import { describe, expect, it } from 'vitest';
import { specGaps } from '../../src/phases/g/swarm-services.js';

/** The fields of a ServiceSpec the audit reads. */
interface Spec {
  Name: string;
  TaskTemplate: {
    ContainerSpec: { User: string; ReadOnly: boolean; CapabilityDrop: string[]; Labels: Record<string, string> };
    Resources: { Limits: { MemoryBytes: number; Pids: number } };
    RestartPolicy: { Condition: string };
    LogDriver: { Name: string; Options: Record<string, string> };
  };
}

/** Redis's service as the generated stack file deploys it. */
const redis = (): Spec => ({
  Name: 'gw_redis',
  TaskTemplate: {
    ContainerSpec: { User: 'redis', ReadOnly: true, CapabilityDrop: ['ALL'], Labels: { logging: 'enabled', project: 'gw' } },
    Resources: { Limits: { MemoryBytes: 268435456, Pids: 64 } },
    RestartPolicy: { Condition: 'any' },
    LogDriver: { Name: 'json-file', Options: { 'max-size': '10m', 'max-file': '3' } },
  },
});

describe('swarm service spec audit', () => {
  it('finds no drift in a spec as generated, and says what a swarm service cannot have', () => {
    const { drift, findings } = specGaps('redis', redis());
    expect(drift).toEqual([]);
    expect(findings.map((f) => f.title)).toEqual(['redis: setuid binaries may gain privileges']);
  });

  it('names each option taken away by hand', () => {
    const spec = redis();
    delete spec.TaskTemplate.ContainerSpec.Labels.logging;
    spec.TaskTemplate.ContainerSpec.ReadOnly = false;
    spec.TaskTemplate.ContainerSpec.CapabilityDrop = [];
    spec.TaskTemplate.Resources.Limits.Pids = 0;
    spec.TaskTemplate.LogDriver = { Name: 'local', Options: {} };
    expect(specGaps('redis', spec).drift).toEqual([
      'no pids limit',
      'logs not rotated (local {})',
      'no logging/project labels for log shippers',
      'capabilities not dropped',
      'root file system writable',
    ]);
  });

  it('reports a root user and kept capabilities as findings with their reasons where they are chosen (LiteLLM)', () => {
    const spec = redis();
    spec.TaskTemplate.ContainerSpec = { User: '', ReadOnly: false, CapabilityDrop: [], Labels: { logging: 'enabled', project: 'gw' } };
    const { drift, findings } = specGaps('litellm', spec);
    expect(drift).toEqual([]);
    expect(findings.map((f) => [f.severity, f.title])).toEqual([
      ['low', 'litellm: default capabilities kept'],
      ['info', 'litellm: writable root file system'],
      ['low', 'litellm: runs as root'],
      ['low', 'litellm: setuid binaries may gain privileges'],
    ]);
  });
});
