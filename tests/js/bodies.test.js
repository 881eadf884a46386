// Behaviour 7: request bodies reach the server intact on the retry; large
// responses arrive intact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withScenario } from './helpers.js';

const binary = Uint8Array.from({ length: 4096 }, (_, i) => (i * 31 + 7) & 0xff);
const bodies = [
  ['a plain object as JSON', { name: 'Zoë', list: [1, 2, 3], nested: { ok: true } },
    Buffer.from(JSON.stringify({ name: 'Zoë', list: [1, 2, 3], nested: { ok: true } })), 'application/json'],
  ['a string as it is', 'plain text ✓\n', Buffer.from('plain text ✓\n'), 'text/plain;charset=UTF-8'],
  ['an ArrayBuffer', binary.buffer.slice(0), Buffer.from(binary), null],
  ['a typed-array view of part of a buffer', new Uint8Array(binary.buffer, 100, 50), Buffer.from(binary.subarray(100, 150)), null],
  ['URLSearchParams as a form', new URLSearchParams({ a: '1', b: 'x y' }), Buffer.from('a=1&b=x+y'),
    'application/x-www-form-urlencoded;charset=UTF-8'],
];

for (const [name, data, expectedBytes, expectedType] of bodies) {
  test(`${name} reaches the server intact on the first try and on the retry`, async () => {
    await withScenario({}, async (s) => {
      s.backend.expireAccessTokens();
      const response = await s.client.post('/api/echo', data);
      const attempts = s.backend.requestsTo('/api/echo');
      assert.equal(attempts.length, 2);
      for (const attempt of attempts) {
        assert.deepEqual(attempt.body, expectedBytes);
        assert.equal(attempt.headers['content-type'], expectedType ?? undefined);
      }
      assert.equal(response.data.data.bodyBase64, expectedBytes.toString('base64'));
    });
  });
}

test('a 5 MB response arrives intact, across a refresh', async () => {
  await withScenario({}, async (s) => {
    s.backend.expireAccessTokens();
    const size = 5 * 1024 * 1024;
    const response = await s.client.get('/api/big', { params: { bytes: size }, responseType: 'arraybuffer' });
    const bytes = new Uint8Array(response.data);
    assert.equal(bytes.length, size);
    let mismatches = 0;
    for (let i = 0; i < size; i++) if (bytes[i] !== ((i * 7 + 3) & 0xff)) mismatches += 1;
    assert.equal(mismatches, 0);
  });
});

test('a 5 MB request body is replayed intact', async () => {
  await withScenario({}, async (s) => {
    s.backend.expireAccessTokens();
    const big = Uint8Array.from({ length: 5 * 1024 * 1024 }, (_, i) => (i * 13) & 0xff);
    await s.client.put('/api/echo', big);
    const attempts = s.backend.requestsTo('/api/echo');
    assert.equal(attempts.length, 2);
    assert.ok(attempts.every((a) => Buffer.compare(a.body, Buffer.from(big)) === 0));
  });
});
