/**
 * The person's own models: `extra-models:` in the answers file (never a secret in it), and a hand-made
 * `model_list` carried over by adopt (a known provider becomes --models, a written key moves into
 * providers.env, a variable keeps the value LiteLLM's container had). A lost model is a gateway that
 * stops answering a name clients use.
 */
import { describe, expect, it } from 'vitest';
import { parseExtraModels } from '../../src/core/extra-models.js';
import { carriedModels } from '../../src/adopt/carried-models.js';
import { renderLitellmConfig } from '../../src/render/litellm-config.js';
import { resolveAnswers } from '../../src/core/answer-sources.js';
import { yaml } from '../../src/infra/yaml.js';

const llama = { model_name: 'my-llama', litellm_params: { model: 'ollama/llama3', api_base: 'http://ollama:11434' } };

describe('extra-models in the answers file', () => {
  it('are written into config.yaml after the mock model, as given', () => {
    const { answers } = resolveAnswers({ flags: {}, env: {}, file: { path: 'a.yaml', values: { 'extra-models': [llama] } } });
    const config = yaml().parse(renderLitellmConfig(answers)) as { model_list: Array<{ model_name: string; litellm_params: unknown }> };
    expect(config.model_list.map((m) => m.model_name)).toEqual(['mock-gpt', 'my-llama']);
    expect(config.model_list[1]?.litellm_params).toEqual(llama.litellm_params);
  });

  it('refuse a key written as a value, a name the mock model has, and an entry without a model', () => {
    expect(() => parseExtraModels([{ model_name: 'x', litellm_params: { model: 'openai/x', api_key: 'sk-abc' } }], 'a.yaml', [])).toThrow(/api_key holds a value, and the answers file holds no secrets/);
    expect(() => parseExtraModels([{ ...llama, model_name: 'mock-gpt' }], 'a.yaml', ['mock-gpt'])).toThrow(/a model named "mock-gpt" is there already/);
    expect(() => parseExtraModels([{ model_name: 'x', litellm_params: {} }], 'a.yaml', [])).toThrow(/entry 1 in a\.yaml: not a model entry/);
    expect(parseExtraModels([{ model_name: 'x', litellm_params: { model: 'openai/x', api_key: 'os.environ/X_KEY' } }], 'a.yaml', [])).toHaveLength(1);
  });
});

describe('a hand-made model_list, carried over', () => {
  const list = [
    { model_name: 'mock-gpt', litellm_params: { model: 'openai/mock-gpt', mock_response: 'hi' } },
    { model_name: 'gpt-4o', litellm_params: { model: 'openai/gpt-4o', api_key: 'os.environ/OPENAI_API_KEY' } },
    { model_name: 'team-llm', litellm_params: { model: 'openai/team', api_key: 'sk-written-in-config-123' } },
    { model_name: 'azure-chat', litellm_params: { model: 'azure/chat', api_key: 'os.environ/AZURE_KEY', api_base: 'os.environ/AZURE_BASE' } },
    llama,
  ];
  const carried = carriedModels(list, { OPENAI_API_KEY: 'sk-openai-xyz', AZURE_KEY: 'az-1' });

  it('the mock model is litellm-mcp\'s; a provider it knows becomes --models; the rest stay as written', () => {
    expect(carried.providers).toEqual(['openai']);
    expect(carried.extraModels.map((m) => m.model_name)).toEqual(['team-llm', 'azure-chat', 'my-llama']);
    expect(carried.extraModels[2]).toEqual(llama);
  });

  it('a key written in config.yaml moves to a variable of its own; variables keep the container\'s values', () => {
    expect(carried.extraModels[0]?.litellm_params.api_key).toBe('os.environ/TEAM_LLM_API_KEY');
    expect(Object.fromEntries(carried.variables)).toEqual({ OPENAI_API_KEY: 'sk-openai-xyz', TEAM_LLM_API_KEY: 'sk-written-in-config-123', AZURE_KEY: 'az-1' });
  });

  it('a variable LiteLLM\'s environment did not have is named, not invented', () => {
    expect(carried.leftBehind).toEqual(['AZURE_BASE, which model azure-chat reads: LiteLLM\'s environment did not have it (add it to secrets/providers.env)']);
  });
});
