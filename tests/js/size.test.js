// The size budget (bytes are deterministic, so this may be a test; speed is
// measured in bench/, never asserted here).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { measureSizes, BUDGET_GZIP_BYTES, ADAPTER_BUDGET_GZIP_BYTES } from '../../bench/size.js';

test('the .wasm plus the JS entry stay within the gzip budget, and under axios + axios-auth-refresh', async () => {
  const sizes = await measureSizes();
  const total = sizes.ours.total.gzip;
  assert.ok(total <= BUDGET_GZIP_BYTES, `silent-refresh is ${total} B gzip, over the ${BUDGET_GZIP_BYTES} B budget`);
  assert.ok(total < sizes.axiosAuthRefresh.gzip,
    `silent-refresh (${total} B) must stay smaller than axios + axios-auth-refresh (${sizes.axiosAuthRefresh.gzip} B)`);
});

test('the axios adapter, an entry of its own, adds at most 2 KiB gzip to an app with axios and the client', async () => {
  const { axiosAdapter } = await measureSizes();
  assert.ok(axiosAdapter.gzip > 0 && axiosAdapter.gzip <= ADAPTER_BUDGET_GZIP_BYTES, `the adapter adds ${axiosAdapter.gzip} B gzip`);
});
