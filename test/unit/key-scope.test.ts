/** The client key's scope: what phase F asks LiteLLM for, and when a stored key no longer matches it. */
import { describe, expect, it } from 'vitest';
import { clientKeyRequest, scopeDifferences } from '../../src/phases/f/key-scope.js';
import type { StoredKey } from '../../src/infra/litellm-keys.js';
import { defaultAnswers } from '../support/answers.js';

const answers = defaultAnswers({ models: ['openai'], mcpAccessGroup: 'db_readers', clientKeyAlias: 'litellm-mcp-db_readers' });
const wanted = clientKeyRequest(answers);
const stored = (over: Partial<StoredKey> = {}): StoredKey => ({
  token: 'f'.repeat(64),
  key_alias: 'litellm-mcp-db_readers',
  models: ['gpt-4o', 'mock-gpt'],
  allowed_routes: ['llm_api_routes'],
  max_budget: null,
  rpm_limit: null,
  user_id: null,
  object_permission: { mcp_access_groups: ['db_readers'], mcp_servers: [] },
  ...over,
});

describe('client key scope', () => {
  it('asks for the configured models, the access group, the LLM and /mcp/ routes only, and no user', () => {
    expect(wanted).toEqual({
      key_alias: 'litellm-mcp-db_readers',
      models: ['mock-gpt', 'gpt-4o'],
      allowed_routes: ['llm_api_routes'],
      metadata: { created_by: 'litellm-mcp', purpose: 'MCP and LLM clients of access group db_readers' },
      object_permission: { mcp_access_groups: ['db_readers'] },
    });
    expect(clientKeyRequest({ ...answers, clientKeyBudget: 5.5, clientKeyRpm: 60 })).toMatchObject({ max_budget: 5.5, rpm_limit: 60 });
  });

  it('keeps a stored key with the same scope, in any order', () => {
    expect(scopeDifferences(stored(), wanted)).toEqual([]);
  });

  it('names every way a stored key differs', () => {
    const past = new Date(Date.now() - 60_000).toISOString();
    const diff = scopeDifferences(
      stored({ models: [], allowed_routes: ['/key/generate', 'llm_api_routes'], object_permission: { mcp_access_groups: ['everyone'] }, rpm_limit: 10, user_id: 'admin', blocked: true, expires: past }),
      wanted,
    );
    expect(diff).toEqual([
      'models is [], not [gpt-4o, mock-gpt]',
      'allowed routes is [/key/generate, llm_api_routes], not [llm_api_routes]',
      'MCP access groups is [everyone], not [db_readers]',
      'rpm limit is [10], not [none]',
      'it belongs to user admin (a client key must have none)',
      'it is blocked',
      `it expired at ${past}`,
    ]);
  });
});
