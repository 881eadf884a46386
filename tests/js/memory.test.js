// Behaviour 8: after any number of settled requests the wasm heap is back to
// its steady size. Runs last in its file: a suite's last check is that the heap came back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withScenario, waitFor } from './helpers.js';

test('5,000 requests, with refreshes and failures among them, leave heapBytes where it was', async () => {
  await withScenario({}, async (s) => {
    await s.client.get('/api/warm-up');
    const steady = s.client.stats().heapBytes;
    assert.ok(steady > 0);
    // The measure is live: requests in flight hold heap.
    s.backend.inject('/api/held', { delay: 200 }, 20);
    const inFlight = Array.from({ length: 20 }, () => s.client.post('/api/held', { pad: 'y'.repeat(1000) }));
    await waitFor(() => s.backend.requestsTo('/api/held').length === 20, 'the server to hold all 20 requests');
    assert.ok(s.client.stats().heapBytes > steady + 20 * 1000);
    await Promise.all(inFlight);
    for (let batch = 0; batch < 50; batch++) {
      if (batch % 10 === 0) s.backend.expireAccessTokens();
      if (batch % 17 === 0) s.backend.inject('/api/item/3', { status: 500 });
      const results = await Promise.allSettled(
        Array.from({ length: 100 }, (_, i) => s.client.post(`/api/item/${i}`, { batch, i, pad: 'x'.repeat(i * 10) })),
      );
      assert.ok(results.filter((r) => r.status === 'fulfilled').length >= 99);
    }
    const stats = s.client.stats();
    assert.equal(stats.requests, 5021);
    assert.equal(stats.refreshes, 5);
    assert.equal(stats.inFlight, 0);
    assert.equal(stats.queueLength, 0);
    // heapBytes is what the allocator counts as used, free-block headers
    // included, so fragmentation may move it by a few bytes; a leak of one
    // block per request would move it by hundreds of kilobytes.
    assert.ok(stats.heapBytes - steady <= 256, `heap grew by ${stats.heapBytes - steady} bytes`);
  });
});
