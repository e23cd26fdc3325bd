/** Deployment names: from a new folder, kept by an old one, and what they name. */
import { describe, expect, it } from 'vitest';
import { resolveAnswers } from '../../src/core/answer-sources.js';
import { nameFromFolder, projectsOf } from '../../src/core/paths.js';
import { defaultPorts } from '../../src/core/questions.js';
import { containersOf } from '../../src/diagnose/containers.js';
import { addedNames } from '../../src/servers/gateway-servers.js';

describe('deployment names', () => {
  it('a new folder names the deployment; what compose and Docker would refuse is cleaned', () => {
    expect(nameFromFolder('/srv/gateway-lab')).toBe('gateway-lab');
    expect(nameFromFolder('/home/me/My Gateway (test)/')).toBe('my-gateway-test');
    expect(nameFromFolder('/srv/__')).toBe('litellm-mcp');
    expect(nameFromFolder('/srv/' + 'x'.repeat(60))).toHaveLength(40);
  });

  it('answers without a name (a deployment made before names existed) keep the fixed names and ports', () => {
    const { answers } = resolveAnswers({ flags: {}, env: {}, file: { path: 'old.yaml', values: { host: 'linuxserver.lan', 'litellm-port': 4000 } } });
    expect(answers.name).toBe('litellm-mcp');
    expect(projectsOf(answers.name)).toEqual({ gateway: 'litellm-mcp', connector: 'litellm-mcp-connector' });
    expect(answers.network).toBe('litellm-mcp-net');
    expect([answers.litellmPort, answers.mcpPort]).toEqual([4000, 18010]);
    expect(containersOf(answers.name)).toEqual({ litellm: 'litellm-mcp-litellm-1', postgres: 'litellm-mcp-postgres-1', mcp: 'litellm-mcp-connector-postgres-mcp-1' });
  });

  it('a named deployment derives its projects, containers, network, ports and log label from its name', () => {
    const { answers } = resolveAnswers({ flags: { name: 'lab' }, env: {} });
    expect(projectsOf('lab')).toEqual({ gateway: 'lab', connector: 'lab-connector' });
    expect(answers.network).toBe('lab-net');
    expect(answers.logProject).toBe('lab');
    expect([answers.litellmPort, answers.mcpPort]).toEqual([defaultPorts('lab').litellm, defaultPorts('lab').mcp]);
    expect(answers.mcpPort - answers.litellmPort).toBe(14010);
    expect(addedNames('lab', 'docs').project).toBe('lab-mcp-docs');
    expect(() => resolveAnswers({ flags: { name: 'Lab One' }, env: {} })).toThrow(/--name: "Lab One" is not a deployment name/);
  });
});
