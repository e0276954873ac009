// The official `openai` npm client against a RUNNING Citadel gateway whose only backend is the Ollama simulator
// and whose embedding-service is its simulator (testing/README.md). Started by clients/run-client-tests.sh, which
// sets CITADEL_GATEWAY_URL, CITADEL_SIMULATOR_URL and CITADEL_API_KEY. Run by hand: CITADEL_GATEWAY_URL=http://localhost:8002 node --test test.mjs
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const gateway = (process.env.CITADEL_GATEWAY_URL ?? 'http://localhost:8002').replace(/\/$/, '');
const simulator = process.env.CITADEL_SIMULATOR_URL?.replace(/\/$/, '');

const QUESTION = 'why is the sky blue';
// The simulator answers with the words of the last user message, cycled, 12 tokens by default.
const ANSWER = 'why is the sky blue why is the sky blue why is';
const ANSWER_TOKENS = 12;
const MODEL = 'phi3'; // an alias: the gateway answers under the canonical name
const CANONICAL_MODEL = 'phi3:latest';

// The key run-client-tests.sh registered (the gateway runs with keys required). No retries: a failure must show,
// not be retried away.
const options = { apiKey: process.env.CITADEL_API_KEY ?? 'citadel-client-test', maxRetries: 0, timeout: 20_000 };
const client = new OpenAI({ ...options, baseURL: `${gateway}/v1` });

const messages = [{ role: 'user', content: QUESTION }];

async function simulatorControl(path, body) {
  if (!simulator) return false;
  const response = await fetch(`${simulator}${path}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `simulator ${path} answered ${response.status}`);
  return true;
}

before(() => simulatorControl('/_sim/reset'));
after(() => simulatorControl('/_sim/reset'));

test('non-streaming chat completion', async () => {
  const { data: completion, response } = await client.chat.completions
    .create({ model: MODEL, messages }, { headers: { 'X-Request-Id': 'openai-node-chat-1' } })
    .withResponse();

  assert.equal(completion.object, 'chat.completion');
  assert.match(completion.id, /^chatcmpl-/);
  assert.equal(completion.model, CANONICAL_MODEL);
  assert.equal(completion.choices.length, 1);
  assert.equal(completion.choices[0].message.role, 'assistant');
  assert.equal(completion.choices[0].message.content, ANSWER);
  assert.equal(completion.choices[0].finish_reason, 'stop');
  assert.equal(completion.usage.completion_tokens, ANSWER_TOKENS);
  assert.equal(completion.usage.total_tokens, completion.usage.prompt_tokens + ANSWER_TOKENS);

  assert.equal(response.headers.get('x-request-id'), 'openai-node-chat-1');
  assert.equal(response.headers.get('x-citadel-backend'), 'llm-02');
  assert.ok(Number.parseFloat(response.headers.get('x-citadel-overhead-ms')) >= 0);
});

test('X-Conversation-Id starts a conversation and continues it when sent back', async () => {
  const first = await client.chat.completions.create({ model: MODEL, messages }).withResponse();
  const conversation = first.response.headers.get('x-conversation-id');
  assert.match(conversation ?? '', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

  const followUp = [...messages, first.data.choices[0].message, { role: 'user', content: 'and the sunset red' }];
  const second = await client.chat.completions
    .create({ model: MODEL, messages: followUp }, { headers: { 'X-Conversation-Id': conversation } })
    .withResponse();
  assert.equal(second.response.headers.get('x-conversation-id'), conversation);
  assert.equal(second.data.choices[0].message.content, 'and the sunset red and the sunset red and the sunset red');
});

test('streaming chat completion with stream_options.include_usage', async () => {
  const stream = await client.chat.completions.create({
    model: MODEL,
    messages,
    stream: true,
    stream_options: { include_usage: true },
  });

  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);

  assert.ok(chunks.length > 2, `expected several chunks, got ${chunks.length}`);
  const ids = new Set(chunks.map((c) => c.id));
  assert.equal(ids.size, 1, 'every chunk carries the same id');
  assert.equal(new Set(chunks.map((c) => c.created)).size, 1, 'every chunk carries the same created');
  for (const chunk of chunks) assert.equal(chunk.object, 'chat.completion.chunk');
  assert.equal(chunks[0].choices[0].delta.role, 'assistant', 'the first delta carries the role');

  const text = chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('');
  assert.equal(text, ANSWER);

  const finishReasons = chunks.flatMap((c) => c.choices.map((choice) => choice.finish_reason)).filter(Boolean);
  assert.deepEqual(finishReasons, ['stop']);

  const last = chunks.at(-1);
  assert.deepEqual(last.choices, [], 'the usage chunk has no choices');
  assert.equal(last.usage.completion_tokens, ANSWER_TOKENS);
  assert.equal(last.usage.total_tokens, last.usage.prompt_tokens + ANSWER_TOKENS);
  for (const chunk of chunks.slice(0, -1)) assert.ok(chunk.usage == null, 'usage only on the last chunk');
});

test('legacy completion (client.completions.create)', async () => {
  const completion = await client.completions.create({ model: MODEL, prompt: QUESTION });

  assert.equal(completion.object, 'text_completion');
  assert.match(completion.id, /^cmpl-/);
  assert.equal(completion.model, CANONICAL_MODEL);
  assert.equal(completion.choices[0].text, ANSWER);
  assert.equal(completion.choices[0].finish_reason, 'stop');
  assert.equal(completion.usage.completion_tokens, ANSWER_TOKENS);
});

test('streaming legacy completion stops at max_tokens', async () => {
  const stream = await client.completions.create({ model: MODEL, prompt: QUESTION, max_tokens: 3, stream: true });
  let text = '';
  const finishReasons = [];
  for await (const chunk of stream) {
    text += chunk.choices[0]?.text ?? '';
    if (chunk.choices[0]?.finish_reason) finishReasons.push(chunk.choices[0].finish_reason);
  }
  assert.equal(text, 'why is the');
  assert.deepEqual(finishReasons, ['length']);
});

test('unknown model: the client raises NotFoundError (404)', async () => {
  await assert.rejects(
    client.chat.completions.create({ model: 'no-such-model', messages }),
    (error) => {
      assert.ok(error instanceof OpenAI.NotFoundError, `expected NotFoundError, got ${error?.constructor?.name}`);
      assert.equal(error.status, 404);
      assert.equal(error.code, 'model_not_found');
      assert.equal(error.param, 'model');
      assert.equal(error.type, 'not_found_error');
      assert.match(error.message, /phi3:latest/, 'the message names the valid models');
      assert.ok(error.requestID || error.headers?.get?.('x-request-id'), 'the error carries the request id');
      return true;
    },
  );
});

test('a wrong API key: the client raises AuthenticationError (401)', async () => {
  const stranger = new OpenAI({ ...options, apiKey: 'ck-not-a-key-of-this-gateway', baseURL: `${gateway}/v1` });
  await assert.rejects(stranger.chat.completions.create({ model: MODEL, messages }), (error) => {
    assert.ok(error instanceof OpenAI.AuthenticationError, `expected AuthenticationError, got ${error}`);
    assert.equal(error.status, 401);
    assert.equal(error.code, 'invalid_api_key');
    return true;
  });
});

test('models list', async () => {
  const ids = [];
  for await (const model of client.models.list()) ids.push(model.id);
  assert.ok(ids.includes(CANONICAL_MODEL), `models: ${ids.join(', ')}`);
});

test('embeddings (client.embeddings.create): base64, as the client asks by default, and float give one vector', async () => {
  const input = [`first text ${Date.now()}`, `second text ${Date.now()}`];
  const viaBase64 = await client.embeddings.create({ model: 'nomic-embed-text', input });
  const viaFloat = await client.embeddings.create({ model: 'nomic-embed-text', input, encoding_format: 'float' });
  assert.equal(viaBase64.model, 'nomic-embed-text:latest');
  assert.equal(viaBase64.data.length, 2);
  assert.equal(viaBase64.data[1].index, 1);
  assert.equal(viaBase64.data[0].embedding.length, 768);
  const norm = Math.hypot(...viaBase64.data[0].embedding);
  assert.ok(Math.abs(norm - 1) < 1e-4, `unit vector, norm ${norm}`);
  // JSON floats are the shortest decimals of the float32 values: rounded back to float32, they are the same bits
  assert.deepEqual(viaFloat.data[0].embedding.map(Math.fround), viaBase64.data[0].embedding);
  assert.ok(viaBase64.usage.prompt_tokens > 0);
});

test('voice profile streams one token per event (baseURL trick)', async () => {
  const voice = new OpenAI({ ...options, baseURL: `${gateway}/v1/voice` });
  const stream = await voice.chat.completions.create({ model: MODEL, messages, stream: true });
  const pieces = [];
  for await (const chunk of stream) {
    const content = chunk.choices[0]?.delta?.content;
    if (content) pieces.push(content);
  }
  assert.equal(pieces.join(''), ANSWER);
  assert.equal(pieces.length, ANSWER_TOKENS, `one token per event, got ${JSON.stringify(pieces)}`);
});

test('agent stream with agent_type=copilot groups up to 5 tokens per event (client.post)', async () => {
  const stream = await client.post('/agents/stream', {
    query: { agent_type: 'copilot' },
    body: { model: MODEL, messages },
    stream: true,
  });
  const pieces = [];
  for await (const chunk of stream) {
    const content = chunk.choices[0]?.delta?.content;
    if (content) pieces.push(content);
  }
  assert.equal(pieces.join(''), ANSWER);
  for (const piece of pieces) {
    assert.ok(piece.trim().split(/\s+/).length <= 5, `at most 5 tokens per event: ${JSON.stringify(piece)}`);
  }
});

test('unknown agent_type: the client raises BadRequestError (400) listing the known profiles', async () => {
  await assert.rejects(
    client.post('/agents/stream', { query: { agent_type: 'no-such-agent' }, body: { model: MODEL, messages } }),
    (error) => {
      assert.ok(error instanceof OpenAI.BadRequestError, `expected BadRequestError, got ${error?.constructor?.name}`);
      assert.equal(error.status, 400);
      assert.equal(error.param, 'agent_type');
      assert.match(error.message, /voice/);
      return true;
    },
  );
});

test('a backend error mid-stream makes the client raise', { skip: !simulator && 'no CITADEL_SIMULATOR_URL' }, async () => {
  await simulatorControl('/_sim/controls', { errorAfterTokens: { tokens: 3, message: 'simulated failure' } });
  try {
    const stream = await client.chat.completions.create({ model: MODEL, messages, stream: true });
    let text = '';
    await assert.rejects(
      (async () => {
        for await (const chunk of stream) text += chunk.choices[0]?.delta?.content ?? '';
      })(),
      (error) => {
        assert.ok(error instanceof OpenAI.APIError, `expected APIError, got ${error?.constructor?.name}: ${error}`);
        return true;
      },
    );
    assert.equal(text, 'why is the', 'the tokens before the failure were delivered');
  } finally {
    await simulatorControl('/_sim/reset');
  }
});
