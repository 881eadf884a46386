// One source of truth across the C/JS boundary: what both sides know (result codes, event
// numbers, limits, the stats layout, the arguments C passes when it settles a request or
// reports an event) is read here from the C sources and compared with the JS tables, so
// an edit on one side alone fails this test instead of mislabelling errors at run time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CODE_OF_RESULT, codeOfResult } from '../../js-glue/errors.js';
import { ENGINE_EVENT, STATS_FIELDS, ClientCore } from '../../js-glue/client.js';
import { MAX_TIMEOUT_MS, MAX_METHOD_LENGTH } from '../../js-glue/options.js';

const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const header = read('src/silent_refresh.h');
const host = read('wasm/host.c');
const wasmClient = read('wasm/client.c');
const camelCase = (name) => name.toLowerCase().replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());

/** `NAME = value` pairs of the C enum whose typedef name is given. */
function enumerators(source, typedefName) {
  const body = source.match(new RegExp(`typedef enum \\{([^}]*)\\} ${typedefName};`))?.[1];
  assert.ok(body, `enum ${typedefName} not found`);
  return [...body.matchAll(/\b(SR_[A-Z_]+)\s*=\s*(-?\d+)/g)].map(([, name, value]) => [name, Number(value)]);
}

test('every sr_result error has exactly one HttpError code, and an unknown one is never a network error', () => {
  const errors = enumerators(header, 'sr_result').filter(([, value]) => value < 0);
  assert.ok(errors.length >= 9);
  assert.deepEqual(Object.keys(CODE_OF_RESULT).map(Number).sort(), errors.map(([, value]) => value).sort());
  assert.equal(CODE_OF_RESULT[-9], 'ERR_INTERNAL', 'SR_ERR_UNKNOWN_ID');
  assert.equal(codeOfResult(-1000), 'ERR_INTERNAL');
});

test('event numbers mean the same event on both sides', () => {
  const events = enumerators(header, 'sr_event_type');
  const fromHeader = Object.fromEntries(events.map(([name, value]) =>
    [value, name.replace('SR_EVENT_', '').replace(/_/g, '').toLowerCase()]));
  assert.deepEqual(ENGINE_EVENT, fromHeader);
});

test('the timeout and method limits are the same numbers on both sides', () => {
  assert.equal(MAX_TIMEOUT_MS, Number(header.match(/#define SR_MAX_TIMEOUT_MS (\d+)u/)[1]));
  assert.equal(MAX_METHOD_LENGTH, Number(header.match(/#define SR_MAX_METHOD_LENGTH (\d+)u/)[1]));
});

test('stats are read in the order sr_wasm_stats writes them', () => {
  const layout = wasmClient.match(/enum \{([^}]*STAT_COUNT[^}]*)\}/)[1];
  const fields = [...layout.matchAll(/STAT_([A-Z_]+)/g)].map(([, name]) => name).filter((name) => name !== 'COUNT');
  assert.deepEqual(STATS_FIELDS, fields.map(camelCase));
  for (const name of fields) assert.match(wasmClient, new RegExp(`out\\[STAT_${name}\\] =`), `STAT_${name} is written`);
});

/** The C parameters an EM_JS binding hands to JS (after `client`; a `x, x_length` pair is one argument). */
function emJsBinding(name) {
  const match = host.match(new RegExp(`EM_JS\\(void,\\s*${name},\\s*\\(([^)]*)\\),\\s*\\{([\\s\\S]*?)\\}\\);`));
  assert.ok(match, `EM_JS ${name} not found in wasm/host.c`);
  const parameters = match[1].split(',').map((p) => p.trim().split(/[\s*]+/).at(-1)).slice(1);
  const folded = parameters.filter((p, i) => !(p.endsWith('_length') && parameters[i - 1] === p.slice(0, -'_length'.length)));
  const call = match[2].match(/\]\(client,([\s\S]*)\);/)[1];
  return { parameters: folded, arguments: splitTopLevel(call) };
}

function splitTopLevel(text) {
  const parts = [''];
  let depth = 0;
  for (const character of text) {
    if (character === '(') depth++;
    if (character === ')') depth--;
    if (character === ',' && depth === 0) parts.push('');
    else parts[parts.length - 1] += character;
  }
  return parts;
}

const jsParameters = (method) => ClientCore.prototype[method].toString().match(/^[^(]*\(([^)]*)\)/)[1]
  .split(',').map((p) => p.trim());

for (const [binding, method] of [['sr_host_settle', 'settle'], ['sr_host_event', 'engineEvent']]) {
  test(`${binding} passes its arguments in the order and under the names ClientCore.${method} takes them`, () => {
    const { parameters, arguments: passed } = emJsBinding(binding);
    assert.deepEqual(jsParameters(method), parameters.map(camelCase));
    assert.equal(passed.length, parameters.length);
    parameters.forEach((name, i) => assert.match(passed[i], new RegExp(`\\b${name}\\b`), `argument ${i + 1} is ${name}`));
  });
}
