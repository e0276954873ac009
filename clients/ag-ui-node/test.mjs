// The official `@ag-ui/client` HttpAgent against a RUNNING Citadel orchestrator, with no adapter code: its AG-UI
// endpoint in front of a running gateway (whose backend is the Ollama simulator) and the embedding-service simulator.
// Started by clients/run-client-tests.sh, which sets CITADEL_ORCHESTRATION_URL and CITADEL_SERVICE_TOKEN.
// Run by hand: CITADEL_ORCHESTRATION_URL=http://localhost:8000 CITADEL_SERVICE_TOKEN=... node --test test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { HttpAgent } from '@ag-ui/client';

const orchestrator = (process.env.CITADEL_ORCHESTRATION_URL ?? 'http://localhost:8000').replace(/\/$/, '');
const headers = { Authorization: `Bearer ${process.env.CITADEL_SERVICE_TOKEN}` };

const WEATHER_TOOL = {
  name: 'show_weather',
  description: 'Shows the weather of a city in the page',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

/** An agent of the orchestrator, as a front end makes one. */
function agent(name, { messages = [], state } = {}) {
  return new HttpAgent({
    url: `${orchestrator}/api/v1/agui/${name}`,
    headers,
    threadId: `thread-${randomUUID()}`,
    initialMessages: messages,
    initialState: state,
  });
}

function userMessage(content) {
  return { id: randomUUID(), role: 'user', content };
}

/** A subscriber that records the type of every event the client accepted. */
function recorder() {
  const types = [];
  return { types, subscriber: { onEvent: ({ event }) => { types.push(event.type); } } };
}

test('the chat agent streams its answer as one text message', async () => {
  const chat = agent('chat', { messages: [userMessage('tell me about lighthouses')] });
  const { types, subscriber } = recorder();
  const { newMessages } = await chat.runAgent({}, subscriber);

  assert.equal(types[0], 'RUN_STARTED');
  assert.equal(types.at(-1), 'RUN_FINISHED');
  assert.ok(types.filter((type) => type === 'TEXT_MESSAGE_CONTENT').length > 1, `streamed in pieces: ${types}`);
  assert.equal(newMessages.length, 1);
  assert.equal(newMessages[0].role, 'assistant');
  // the simulator answers with the words of the last user message
  assert.match(newMessages[0].content, /^tell me about lighthouses/);
});

test('a front-end tool: the model calls it, the page runs it, the next run continues the thread', async () => {
  const chat = agent('chat', { messages: [userMessage('please show_weather for Oslo')] });
  let pending;
  const first = await chat.runAgent({ tools: [WEATHER_TOOL] }, {
    onRunFinishedEvent: (params) => { pending = params.pendingToolCallIds; },
  });
  const call = first.newMessages[0].toolCalls?.[0];
  assert.ok(call, `the model called a tool: ${JSON.stringify(first.newMessages)}`);
  assert.equal(call.function.name, 'show_weather');
  assert.equal(JSON.parse(call.function.arguments).city, 'sample-city');
  assert.deepEqual(pending, [call.id], 'the run left the call for the page to answer');

  chat.addMessage({ id: randomUUID(), role: 'tool', toolCallId: call.id, content: 'shown: light snow' });
  const second = await chat.runAgent({ tools: [WEATHER_TOOL] });
  assert.equal(second.newMessages.length, 1);
  assert.match(second.newMessages[0].content, /light snow/, 'the answer comes from the tool result');
  assert.equal(chat.messages.length, 4, 'user, tool call, tool result, answer: one thread');
});

test('the rag agent runs the durable workflow: steps, passages in state, the answer as text', async () => {
  const collection = `agui-client-${randomUUID()}`;
  const stored = await fetch(`${orchestrator}/api/v1/workflows`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json' },
    body: JSON.stringify({ steps: [{ id: 'store', type: 'vector_store',
      params: { collection, text: 'the night shift starts at ten' } }] }),
  });
  assert.equal(stored.status, 202);
  const { workflow_id: storing } = await stored.json();
  for (let i = 0; i < 100; i++) {
    const state = await (await fetch(`${orchestrator}/api/v1/workflows/${storing}`, { headers })).json();
    if (state.status === 'completed') break;
    assert.ok(['pending', 'running'].includes(state.status), `storing the passage: ${JSON.stringify(state)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  const rag = agent('rag', { messages: [userMessage('when does the night shift start')], state: { collection } });
  const steps = [];
  const { newMessages } = await rag.runAgent({ forwardedProps: { limit: 1 } }, {
    onStepStartedEvent: ({ event }) => { steps.push(`${event.stepName} started`); },
    onStepFinishedEvent: ({ event }) => { steps.push(`${event.stepName} finished`); },
  });

  assert.deepEqual(steps, ['embed started', 'embed finished', 'search started', 'search finished',
    'answer started', 'answer finished']);
  assert.equal(rag.state.status, 'completed');
  assert.equal(rag.state.passages[0].text, 'the night shift starts at ten');
  assert.deepEqual(rag.state.progress, { completed: 3, total: 3 });
  assert.equal(newMessages.length, 1);
  assert.ok(newMessages[0].content.length > 0);
});

test('a run that fails ends with RUN_ERROR, which the client reports', async () => {
  const chat = agent('chat', { messages: [userMessage('hello')] });
  let error;
  const { newMessages } = await chat.runAgent({ forwardedProps: { model: 'no-such-model' } }, {
    onRunErrorEvent: ({ event }) => { error = event; },
  });
  assert.ok(error, 'RUN_ERROR reached the subscriber');
  assert.deepEqual(newMessages, []);
  assert.match(error.message, /no-such-model/);
  assert.ok(error.code);
});

// run-client-tests.sh runs this one alone after stopping the gateway
test('when the gateway is down, a run ends with RUN_ERROR', { skip: !process.env.CITADEL_GATEWAY_DOWN }, async () => {
  const chat = agent('chat', { messages: [userMessage('hello')] });
  const { types, subscriber } = recorder();
  let error;
  await chat.runAgent({}, { ...subscriber, onRunErrorEvent: ({ event }) => { error = event; } });
  assert.deepEqual(types, ['RUN_STARTED', 'RUN_ERROR']);
  assert.equal(error.code, 'no_gateway_available');
  assert.match(error.message, /llm-01/);
});
