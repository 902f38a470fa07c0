// The official openai client, unchanged but for baseURL, against chat-service with an end user's session JWT
// as its API key: models, a completion, a stream (chunk by chunk, with the usage chunk) and the errors the
// client maps to its own classes. Exits non-zero on the first difference.
import assert from 'node:assert/strict';
import OpenAI from 'openai';

const baseURL = `${process.env.BASE_URL}/api/v1/chat`;
const apiKey = process.env.SESSION_JWT;
const model = 'llama-3.3-70b';
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0 });

function pass(what) {
  console.log(`  ok: ${what}`);
}

const models = await client.models.list();
assert.ok(models.data.some((m) => m.id === model), `models.list has ${model}`);
pass(`models.list() names ${model}`);

const completion = await client.chat.completions.create({
  model,
  messages: [{ role: 'user', content: 'Hello from the openai client!' }],
});
assert.equal(completion.object, 'chat.completion');
assert.match(completion.choices[0].message.content, /Hello from the openai client!/);
assert.ok(completion.usage.total_tokens > 0);
pass('chat.completions.create() answers a chat.completion with usage');

const stream = await client.chat.completions.create({
  model,
  stream: true,
  stream_options: { include_usage: true },
  messages: [{ role: 'user', content: 'Stream this back to me' }],
});
let text = '';
let usage = null;
let finish = null;
const ids = new Set();
let chunks = 0;
for await (const chunk of stream) {
  chunks += 1;
  ids.add(chunk.id);
  const choice = chunk.choices[0];
  if (choice) {
    text += choice.delta?.content ?? '';
    finish = choice.finish_reason ?? finish;
  }
  if (chunk.usage) {
    usage = chunk.usage;
  }
}
assert.ok(chunks > 2, `several chunks (${chunks})`);
assert.equal(ids.size, 1, 'one id for every chunk');
assert.match(text, /Stream this back to me/);
assert.equal(finish, 'stop');
assert.ok(usage && usage.total_tokens > 0, 'the usage chunk');
pass(`a stream of ${chunks} chunks: one id, the whole reply, finish_reason stop, usage`);

await assert.rejects(
  new OpenAI({ baseURL, apiKey: 'not-a-token', maxRetries: 0 }).chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] }),
  (e) => e instanceof OpenAI.AuthenticationError && e.status === 401 && e.code === 'invalid_api_key',
);
pass('a bad token raises AuthenticationError (401, invalid_api_key)');

await assert.rejects(
  client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'hi' }] }),
  (e) => e instanceof OpenAI.NotFoundError && e.code === 'model_not_found',
);
pass('an unknown model raises NotFoundError (model_not_found)');

await assert.rejects(
  client.chat.completions.create({ model, messages: [] }),
  (e) => e instanceof OpenAI.BadRequestError && e.param === 'messages',
);
pass('empty messages raise BadRequestError naming messages');
