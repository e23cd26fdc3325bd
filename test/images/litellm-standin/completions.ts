/**
 * OpenAI-compatible models and chat completions for `mock_response` models (FACTS.md: "A `mock_response`
 * model answers without a provider"), including the real SSE stream `stream: true` gives (seen:
 * `text/event-stream`, chunks, `data: [DONE]`). LiteLLM's mock stream sends the text three characters
 * per chunk. Models without a mock_response would call a provider; the stand-in has none and says so.
 */
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { ModelEntry } from './config.js';
import type { JsonReply } from './mcp-rest.js';

/**
 * GET /v1/models: a key with `models` lists exactly those (configured or not; `all-proxy-models` stands for
 * the proxy's list), else the proxy's models (from the 1.77.3 source: proxy/auth/model_checks.py
 * get_key_models and get_complete_model_list).
 */
export function modelList(models: readonly ModelEntry[], keyModels: readonly string[] = []): JsonReply {
  const proxy = [...new Set(models.map((m) => m.name))];
  const names = keyModels.length === 0 ? proxy : [...new Set(keyModels.flatMap((m) => (m === 'all-proxy-models' ? proxy : [m])))];
  return { status: 200, body: { data: names.map((id) => ({ id, object: 'model', created: 1677610602, owned_by: 'openai' })), object: 'list' } };
}

interface ChatRequest {
  model?: unknown;
  stream?: unknown;
}

const usage = { completion_tokens: 20, prompt_tokens: 10, total_tokens: 30, completion_tokens_details: null, prompt_tokens_details: null };

function invalidModel(model: unknown): JsonReply {
  return {
    status: 400,
    body: { error: { message: `{'error': '/chat/completions: Invalid model name passed in model=${String(model)}. Call \`/v1/models\` to view available models for your key.'}`, type: 'None', param: 'None', code: '400' } },
  };
}

/** A JSON reply, or undefined when the SSE stream was written to `res`. */
export function chatCompletion(models: readonly ModelEntry[], body: unknown, res: ServerResponse): JsonReply | undefined {
  const request = (body ?? {}) as ChatRequest;
  const model = models.find((m) => m.name === request.model);
  if (!model) return invalidModel(request.model);
  if (model.mockResponse === undefined) {
    return { status: 500, body: { error: { message: `litellm.APIConnectionError: the LiteLLM stand-in calls no provider (model=${model.model})`, type: 'None', param: 'None', code: '500' } } };
  }
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  if (request.stream !== true) {
    return {
      status: 200,
      body: {
        id,
        created,
        model: model.model,
        object: 'chat.completion',
        system_fingerprint: null,
        choices: [{ finish_reason: 'stop', index: 0, message: { content: model.mockResponse, role: 'assistant', tool_calls: null, function_call: null } }],
        usage,
      },
    };
  }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', server: 'uvicorn', 'x-litellm-version': '1.77.3' });
  const chunk = (delta: object, finish: string | null) =>
    `data: ${JSON.stringify({ id, created, model: model.model, object: 'chat.completion.chunk', system_fingerprint: null, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const text = model.mockResponse;
  for (let i = 0; i < text.length; i += 3) res.write(chunk({ content: text.slice(i, i + 3), role: 'assistant' }, null));
  res.write(chunk({}, 'stop'));
  res.end('data: [DONE]\n\n');
  return undefined;
}
