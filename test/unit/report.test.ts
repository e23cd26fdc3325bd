import { describe, expect, it } from 'vitest';
import { answersToFile } from '../../src/core/answer-sources.js';
import type { Answers } from '../../src/core/answers.js';
import { phases } from '../../src/phases/catalog.js';
import { outlineOf } from '../../src/report/phase-outline.js';
import { recordedOutline } from '../../src/report/recorded-outline.js';
import { renderStatus as renderWithOutline } from '../../src/report/status-md.js';
import { emptyState, planKey, type State } from '../../src/core/state.js';
import { defaultAnswers } from '../support/answers.js';

/** As the runner renders it: with the catalog's outline for these answers. */
const renderStatus = (a: Answers, s: State) => renderWithOutline(a, s, outlineOf(phases, a));

function sampleState(): State {
  const s = emptyState();
  s.startedAt = '2026-11-20T10:00:00.000Z';
  s.phases.a = {
    status: 'completed', startedAt: '2026-11-20T10:00:00.000Z', completedAt: '2026-11-20T10:00:05.000Z',
    tasks: [{ title: 'Gateway network', status: 'changed', message: 'created litellm-mcp-net', facts: { 'Gateway network': 'litellm-mcp-net (bridge)' }, at: '2026-11-20T10:00:01.000Z' }],
  };
  s.phases.b = {
    status: 'failed', startedAt: '2026-11-20T10:00:06.000Z', completedAt: '2026-11-20T10:00:07.000Z',
    tasks: [{ title: 'LiteLLM compose file', status: 'failed', message: 'disk full', issue: { problem: 'Could not write the file.', cause: 'no space left', fix: 'Free some disk space and run `litellm-mcp phase b`.' }, at: '2026-11-20T10:00:07.000Z' }],
  };
  s.phases.c = { status: 'interrupted', startedAt: '2026-11-20T10:01:00.000Z', completedAt: '2026-11-20T10:01:01.000Z', tasks: [] };
  return s;
}

describe('STATUS.md', () => {
  it('is the same bytes for the same state', () => {
    const a = defaultAnswers();
    expect(renderStatus(a, sampleState())).toBe(renderStatus(a, sampleState()));
  });

  it('follows the runbook: header, phase states, times, goal, checklist, results, issues with next steps, topology', () => {
    const md = renderStatus(defaultAnswers(), sampleState());
    expect(md).toMatch(/^# LiteLLM MCP Gateway: Implementation Status/);
    expect(md).toContain('**Implementation started:** 2026-11-20T10:00:00.000Z');
    expect(md).toContain('**Target:** linuxserver.lan');
    expect(md).toContain('**Answers file:** litellm-mcp.yaml');
    expect(md).toContain('## Phase A: Environment preparation (✅ COMPLETED)');
    expect(md).toContain('## Phase B: LiteLLM compose (❌ FAILED)');
    expect(md).toContain('## Phase C: LiteLLM configuration (⏸ INTERRUPTED)');
    expect(md).toContain('## Phase E: Deployment and verification (PENDING)');
    expect(md).toContain('**Completed:** 2026-11-20T10:00:05.000Z');
    expect(md).toContain('1. [x] Gateway network: **changed**, created litellm-mcp-net');
    expect(md).toContain('- Gateway network: litellm-mcp-net (bridge)');
    expect(md).toContain('- ❌ **LiteLLM compose file**: Could not write the file. Cause: no space left.');
    expect(md).toContain('  - Next step: Free some disk space and run `litellm-mcp phase b`.');
    expect(md).toContain('```mermaid\nflowchart LR');
    expect(md).toContain('http://postgres-mcp:8000/sse');
  });

  it('lists planned tasks unchecked for phases not run yet', () => {
    const md = renderStatus(defaultAnswers(), emptyState());
    expect(md).toContain('## Phase D: MCP connector (PENDING)');
    expect(md).toMatch(/1\. \[ \] MCP image serves SSE\n/);
  });

  it('keeps multi-line messages on one line so tables and lists hold', () => {
    const s = sampleState();
    s.phases.a!.tasks[0]!.message = 'line one\nline | two';
    expect(renderStatus(defaultAnswers(), s)).toContain('created litellm-mcp-net'.replace('created litellm-mcp-net', 'line one line \\| two'));
  });
});

/** Every phase run to its end with these answers, as the runner records it. */
function recordedState(a: Answers): State {
  const s = emptyState();
  s.answers = answersToFile(a);
  for (const p of phases) {
    s.phases[p.id] = {
      status: 'completed', startedAt: '2026-11-20T10:00:00.000Z', completedAt: '2026-11-20T10:00:05.000Z', plannedFor: planKey(s.answers),
      tasks: p.tasks(a).map((t) => ({ title: t.title, status: 'ok', message: 'fine', at: '2026-11-20T10:00:01.000Z' })),
    };
  }
  return s;
}

describe('the outline status takes from the state', () => {
  it('is the catalog\'s when every phase ran to its end with these answers and this version', () => {
    const a = defaultAnswers();
    const s = recordedState(a);
    expect(recordedOutline(s)).toEqual(outlineOf(phases, a));
    expect(renderWithOutline(a, s, recordedOutline(s)!)).toBe(renderStatus(a, s));
  });

  it('is not there when the catalog may list a task the state does not: a phase not run, failed, interrupted, or run with other answers', () => {
    const a = defaultAnswers();
    const notRun = recordedState(a);
    delete notRun.phases.g;
    const failed = recordedState(a);
    failed.phases.e!.status = 'failed';
    const interrupted = recordedState(a);
    interrupted.phases.a!.status = 'interrupted';
    const otherAnswers = recordedState(a);
    otherAnswers.answers = { ...otherAnswers.answers, traefik: true };
    const before = recordedState(a);
    delete before.phases.b!.plannedFor;
    for (const s of [notRun, failed, interrupted, otherAnswers, before]) expect(recordedOutline(s)).toBeUndefined();
  });
});
