// Conformance of the HTTP API with toxiproxy-reference.md §2: status codes, exact bodies and error
// strings, content types, field order and the order of checks. Raw fetch, so nothing is hidden.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, connectTo, createProxy, deleteProxies, startEcho, startServer, startTarget, uniqueName, type Target, type TestServer } from './helpers.js';

let target: Target;
let echo: TestServer;
let busy: TestServer;
const created: string[] = [];

const errorBody = (message: string, status: number): string => `${JSON.stringify({ error: message, status })}\n`;
const named = (prefix: string): string => {
  const name = uniqueName(prefix);
  created.push(name);
  return name;
};

beforeAll(async () => {
  target = await startTarget();
  echo = await startEcho();
  busy = await startServer(() => undefined);
});

afterAll(async () => {
  await deleteProxies(target, created);
  await target.close();
  await echo.close();
  await busy.close();
});

describe('cross-cutting behaviour', () => {
  it('sends X-Toxiproxy-Request-Id (an xid) on every response, including 404 and 405', async () => {
    for (const [method, path] of [['GET', '/version'], ['GET', '/nope'], ['PUT', '/proxies']] as const) {
      const reply = await call(target, method, path);
      expect(reply.headers.get('x-toxiproxy-request-id')).toMatch(/^[0-9a-v]{20}$/);
    }
  });

  it('blocks browsers with 403 and allows other agents', async () => {
    const blocked = await call(target, 'GET', '/version', undefined, { 'User-Agent': 'Mozilla/5.0 (X11)' });
    expect(blocked.status).toBe(403);
    expect(blocked.text).toBe('User agent not allowed\n');
    expect(blocked.contentType).toBe('text/plain; charset=utf-8');
    const wget = await call(target, 'GET', '/version', undefined, { 'User-Agent': 'Wget/1.21' });
    expect(wget.status).toBe(200);
  });

  it('answers unknown paths with 404 text and wrong methods with an empty 405', async () => {
    const notFound = await call(target, 'GET', '/nope');
    expect([notFound.status, notFound.text, notFound.contentType]).toEqual([404, '404 page not found\n', 'text/plain; charset=utf-8']);
    const trailing = await call(target, 'GET', '/proxies/');
    expect(trailing.status).toBe(404);
    for (const [method, path] of [['PUT', '/proxies'], ['DELETE', '/version'], ['GET', '/reset'], ['GET', '/populate']] as const) {
      const reply = await call(target, method, path);
      expect([method, path, reply.status, reply.text]).toEqual([method, path, 405, '']);
    }
  });

  it('redirects unclean paths (301) like gorilla/mux', async () => {
    const reply = await call(target, 'GET', '//proxies/../version');
    expect(reply.status).toBe(301);
    expect(reply.headers.get('location')).toBe('/version');
  });

  it('GET /version is exactly {"version": "2.12.0"} with a newline', async () => {
    const reply = await call(target, 'GET', '/version');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('{"version": "2.12.0"}\n');
    expect(reply.contentType).toBe('application/json;charset=utf-8');
  });
});

describe('proxies', () => {
  it('GET /proxies is a JSON object keyed by name', async () => {
    const reply = await call(target, 'GET', '/proxies');
    expect(reply.status).toBe(200);
    expect(reply.contentType).toBe('application/json');
    if (target.embedded) expect(reply.text).toBe('{}');
    else expect(typeof JSON.parse(reply.text)).toBe('object');
  });

  it('creates a proxy: 201, fields in Go order with the Logger quirk, port 0 resolved', async () => {
    const name = named('create');
    const reply = await call(target, 'POST', '/proxies', JSON.stringify({ name, listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` }));
    expect(reply.status).toBe(201);
    expect(reply.contentType).toBe('application/json');
    expect(reply.text).toMatch(new RegExp(`^\\{"name":"${name}","listen":"127\\.0\\.0\\.1:\\d+","upstream":"127\\.0\\.0\\.1:${echo.port}","enabled":true,"Logger":\\{\\},"toxics":\\[\\]\\}$`));
    expect(JSON.parse(reply.text).listen).not.toBe('127.0.0.1:0');
    const listed = JSON.parse((await call(target, 'GET', '/proxies')).text) as Record<string, unknown>;
    expect(Object.keys(listed)).toContain(name);
    const got = await call(target, 'GET', `/proxies/${name}`);
    expect(got.text).toBe(reply.text);
  });

  it('keeps listen as sent while disabled, and resolves it when enabled', async () => {
    const name = named('disabled');
    const reply = await call(target, 'POST', '/proxies', JSON.stringify({ name, listen: 'localhost:0', upstream: `127.0.0.1:${echo.port}`, enabled: false }));
    expect(reply.status).toBe(201);
    expect(JSON.parse(reply.text)).toMatchObject({ listen: 'localhost:0', enabled: false });
    const enabled = await call(target, 'PATCH', `/proxies/${name}`, '{"enabled":true}');
    expect(enabled.status).toBe(200);
    expect(JSON.parse(enabled.text).listen).toMatch(/^127\.0\.0\.1:\d+$/);
  });

  it('listens on all interfaces and a random port when listen is empty', async () => {
    const name = named('nolisten');
    const reply = await call(target, 'POST', '/proxies', JSON.stringify({ name, upstream: `127.0.0.1:${echo.port}` }));
    expect(reply.status).toBe(201);
    const listen = String(JSON.parse(reply.text).listen);
    expect(listen).toMatch(/^(\[::\]|0\.0\.0\.0|):[1-9]\d*$/);
    (await connectTo(Number(listen.split(':').pop()))).destroy();
  });

  it('reports create errors with the exact strings, name checked before upstream', async () => {
    const name = named('dup');
    await createProxy(target, name, echo.port);
    const cases: [string, number, string][] = [
      ['', 400, 'bad request body: EOF'],
      ['{"name":', 400, 'bad request body: unexpected EOF'],
      ['{}', 400, 'missing required field: name'],
      ['{"upstream":"127.0.0.1:1"}', 400, 'missing required field: name'],
      ['{"name":"x"}', 400, 'missing required field: upstream'],
      ['{"name":"x","upstream":"a","enabled":"yes"}', 400, 'bad request body: json: cannot unmarshal string into Go struct field Proxy.enabled of type bool'],
      ['[1]', 400, 'bad request body: json: cannot unmarshal array into Go value of type toxiproxy.Proxy'],
      [JSON.stringify({ name, listen: '127.0.0.1:0', upstream: 'x:1' }), 409, 'proxy already exists'],
      [JSON.stringify({ name: uniqueName('busy'), listen: `127.0.0.1:${busy.port}`, upstream: 'x:1' }), 500, `listen tcp 127.0.0.1:${busy.port}: bind: address already in use`],
      [JSON.stringify({ name: uniqueName('badport'), listen: '127.0.0.1:99999', upstream: 'x:1' }), 500, 'listen tcp: address 99999: invalid port'],
    ];
    for (const [body, status, message] of cases) {
      const reply = await call(target, 'POST', '/proxies', body);
      expect([body, reply.status, reply.text, reply.contentType]).toEqual([body, status, errorBody(message, status), 'text/plain; charset=utf-8']);
      expect(reply.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  it('returns 404 proxy not found for every per-proxy route', async () => {
    const missing = uniqueName('missing');
    for (const [method, path, body] of [
      ['GET', `/proxies/${missing}`],
      ['PATCH', `/proxies/${missing}`, '{}'],
      ['POST', `/proxies/${missing}`, '{}'],
      ['DELETE', `/proxies/${missing}`],
      ['GET', `/proxies/${missing}/toxics`],
      ['POST', `/proxies/${missing}/toxics`, '{"type":"latency"}'],
      ['GET', `/proxies/${missing}/toxics/t`],
      ['PATCH', `/proxies/${missing}/toxics/t`, '{}'],
      ['DELETE', `/proxies/${missing}/toxics/t`],
    ] as const) {
      const reply = await call(target, method, path, body);
      expect([method, path, reply.status, reply.text]).toEqual([method, path, 404, errorBody('proxy not found', 404)]);
    }
  });

  it('updates with PATCH and deprecated POST, merging fields and ignoring name', async () => {
    const name = named('update');
    const { port } = await createProxy(target, name, echo.port);
    await call(target, 'POST', `/proxies/${name}/toxics`, '{"type":"noop"}');
    const disabled = await call(target, 'PATCH', `/proxies/${name}`, JSON.stringify({ enabled: false, name: 'renamed' }));
    expect(disabled.status).toBe(200);
    expect(JSON.parse(disabled.text)).toMatchObject({ name, enabled: false, listen: `127.0.0.1:${port}`, upstream: `127.0.0.1:${echo.port}` });
    await expect(connectTo(port)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    const enabled = await call(target, 'POST', `/proxies/${name}`, JSON.stringify({ enabled: true }));
    expect(JSON.parse(enabled.text)).toMatchObject({ name, enabled: true, listen: `127.0.0.1:${port}` });
    // Toxics are kept across disable and enable.
    expect(JSON.parse(enabled.text).toxics).toHaveLength(1);
    (await connectTo(port)).destroy();
    const renamedGet = await call(target, 'GET', '/proxies/renamed');
    expect(renamedGet.status).toBe(404);
  });

  it('reports update errors: empty body, type mismatch, bad listen, bind failure leaves it disabled', async () => {
    const name = named('updateerr');
    await createProxy(target, name, echo.port);
    const empty = await call(target, 'PATCH', `/proxies/${name}`, '');
    expect(empty.text).toBe(errorBody('bad request body: EOF', 400));
    const typed = await call(target, 'PATCH', `/proxies/${name}`, '{"enabled":"false"}');
    expect(typed.text).toBe(errorBody('bad request body: json: cannot unmarshal string into Go struct field Proxy.enabled of type bool', 400));
    const lookup = await call(target, 'PATCH', `/proxies/${name}`, '{"listen":"127.0.0.1:abc"}');
    expect([lookup.status, lookup.text]).toEqual([500, errorBody('lookup tcp/abc: unknown port', 500)]);
    const bind = await call(target, 'PATCH', `/proxies/${name}`, JSON.stringify({ listen: `127.0.0.1:${busy.port}` }));
    expect([bind.status, bind.text]).toEqual([500, errorBody(`listen tcp 127.0.0.1:${busy.port}: bind: address already in use`, 500)]);
    const after = JSON.parse((await call(target, 'GET', `/proxies/${name}`)).text);
    expect(after).toMatchObject({ enabled: false, listen: `127.0.0.1:${busy.port}` });
    // A disabled proxy on a taken port would make /reset fail (tested below); remove it.
    await call(target, 'DELETE', `/proxies/${name}`);
  });

  it('does not restart a proxy when listen names the same address by hostname', async () => {
    const name = named('samehost');
    const { port } = await createProxy(target, name, echo.port);
    const socket = await connectTo(port);
    const closed = new Promise<boolean>((resolve) => {
      socket.once('close', () => resolve(true));
      setTimeout(() => resolve(false), 300);
    });
    const reply = await call(target, 'PATCH', `/proxies/${name}`, JSON.stringify({ listen: `localhost:${port}` }));
    expect(JSON.parse(reply.text).listen).toBe(`127.0.0.1:${port}`);
    expect(await closed).toBe(false);
    socket.destroy();
  });

  it('deletes with 204, then 404', async () => {
    const name = uniqueName('delete');
    await createProxy(target, name, echo.port);
    const first = await call(target, 'DELETE', `/proxies/${name}`);
    expect([first.status, first.text]).toEqual([204, '']);
    const second = await call(target, 'DELETE', `/proxies/${name}`);
    expect([second.status, second.text]).toEqual([404, errorBody('proxy not found', 404)]);
  });
});

describe('populate', () => {
  it('creates proxies (201, {"proxies":[...]}) with enabled defaulting to true', async () => {
    const a = named('popa');
    const b = named('popb');
    const reply = await call(target, 'POST', '/populate', JSON.stringify([
      { name: a, listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` },
      { name: b, listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}`, enabled: false },
    ]));
    expect(reply.status).toBe(201);
    expect(reply.contentType).toBe('application/json');
    const body = JSON.parse(reply.text) as { proxies: { name: string; enabled: boolean }[] };
    expect(Object.keys(body)).toEqual(['proxies']);
    expect(body.proxies.map((p) => [p.name, p.enabled])).toEqual([[a, true], [b, false]]);
  });

  it('answers an empty array with 201 and "proxies":null (Go marshals a nil slice)', async () => {
    const reply = await call(target, 'POST', '/populate', '[]');
    expect([reply.status, reply.text]).toEqual([201, '{"proxies":null}']);
  });

  it('keeps an identical existing proxy untouched (toxics too) and replaces a differing one', async () => {
    const same = named('popsame');
    const differ = named('popdiff');
    const { port } = await createProxy(target, same, echo.port);
    await createProxy(target, differ, echo.port);
    for (const p of [same, differ]) await call(target, 'POST', `/proxies/${p}/toxics`, '{"type":"latency","attributes":{"latency":1}}');
    const reply = await call(target, 'POST', '/populate', JSON.stringify([
      { name: same, listen: `localhost:${port}`, upstream: `127.0.0.1:${echo.port}` },
      { name: differ, listen: '127.0.0.1:0', upstream: `127.0.0.1:${busy.port}` },
    ]));
    expect(reply.status).toBe(201);
    const sameToxics = JSON.parse((await call(target, 'GET', `/proxies/${same}/toxics`)).text) as unknown[];
    const differToxics = JSON.parse((await call(target, 'GET', `/proxies/${differ}/toxics`)).text) as unknown[];
    expect([sameToxics.length, differToxics.length]).toEqual([1, 0]);
    expect(JSON.parse((await call(target, 'GET', `/proxies/${differ}`)).text).upstream).toBe(`127.0.0.1:${busy.port}`);
  });

  it('keeps even the enabled state of an identical existing proxy', async () => {
    const name = named('popkeep');
    const { port } = await createProxy(target, name, echo.port);
    await call(target, 'PATCH', `/proxies/${name}`, '{"enabled":false}');
    const reply = await call(target, 'POST', '/populate', JSON.stringify([{ name, listen: `127.0.0.1:${port}`, upstream: `127.0.0.1:${echo.port}`, enabled: true }]));
    expect(reply.status).toBe(201);
    expect(JSON.parse((await call(target, 'GET', `/proxies/${name}`)).text).enabled).toBe(false);
  });

  it('validates every entry before creating any (400 with proxies:null, as application/json)', async () => {
    const first = uniqueName('popvalid');
    const reply = await call(target, 'POST', '/populate', JSON.stringify([{ name: first, listen: '127.0.0.1:0', upstream: 'x:1' }, { upstream: 'y:1' }]));
    expect([reply.status, reply.contentType]).toEqual([400, 'application/json']);
    expect(reply.text).toBe('{"error":"missing required field: name at proxy 2","status":400,"proxies":null}');
    expect((await call(target, 'GET', `/proxies/${first}`)).status).toBe(404);
    const upstream = await call(target, 'POST', '/populate', JSON.stringify([{ name: first }]));
    expect(upstream.text).toBe('{"error":"missing required field: upstream at proxy 1","status":400,"proxies":null}');
  });

  it('rejects a non-array body with Go\'s unmarshal error', async () => {
    const reply = await call(target, 'POST', '/populate', '{"name":"x"}');
    expect(reply.status).toBe(400);
    const body = JSON.parse(reply.text) as { error: string; status: number; proxies: null };
    expect(body.error).toMatch(/^bad request body: json: cannot unmarshal object into Go value of type \[\]struct \{/);
    expect(body.proxies).toBeNull();
  });

  it('reports a failure partway with 500 and the proxies created before it, without rollback', async () => {
    const ok = named('poppartial');
    const bad = uniqueName('popbad');
    const reply = await call(target, 'POST', '/populate', JSON.stringify([
      { name: ok, listen: '127.0.0.1:0', upstream: `127.0.0.1:${echo.port}` },
      { name: bad, listen: `127.0.0.1:${busy.port}`, upstream: 'x:1' },
    ]));
    expect([reply.status, reply.contentType]).toEqual([500, 'application/json']);
    const body = JSON.parse(reply.text) as { error: string; status: number; proxies: { name: string }[] };
    expect(Object.keys(body)).toEqual(['error', 'status', 'proxies']);
    expect(body.error).toBe(`listen tcp 127.0.0.1:${busy.port}: bind: address already in use`);
    expect(body.proxies.map((p) => p.name)).toEqual([ok]);
    expect((await call(target, 'GET', `/proxies/${ok}`)).status).toBe(200);
    expect((await call(target, 'GET', `/proxies/${bad}`)).status).toBe(404);
  });
});

describe('toxics', () => {
  it('lists [] then creates with defaults (200, downstream, toxicity 1, name type_stream)', async () => {
    const proxy = named('toxdefaults');
    await createProxy(target, proxy, echo.port);
    const empty = await call(target, 'GET', `/proxies/${proxy}/toxics`);
    expect([empty.status, empty.text, empty.contentType]).toEqual([200, '[]', 'application/json']);
    const reply = await call(target, 'POST', `/proxies/${proxy}/toxics`, '{"type":"latency","attributes":{"latency":5}}');
    expect(reply.status).toBe(200);
    expect(reply.text).toBe('{"attributes":{"latency":5,"jitter":0},"name":"latency_downstream","type":"latency","stream":"downstream","toxicity":1}');
    const noop = await call(target, 'POST', `/proxies/${proxy}/toxics`, '{"type":"noop","stream":"upstream"}');
    expect(noop.text).toBe('{"attributes":{},"name":"noop_upstream","type":"noop","stream":"upstream","toxicity":1}');
  });

  it('prints every toxic type\'s attributes in Go field order, missing ones as 0', async () => {
    const proxy = named('toxtypes');
    await createProxy(target, proxy, echo.port);
    const expected: Record<string, string> = {
      latency: '{"latency":0,"jitter":0}',
      bandwidth: '{"rate":0}',
      slow_close: '{"delay":0}',
      timeout: '{"timeout":0}',
      reset_peer: '{"timeout":0}',
      slicer: '{"average_size":0,"size_variation":0,"delay":0}',
      limit_data: '{"bytes":0}',
      noop: '{}',
    };
    for (const [type, attributes] of Object.entries(expected)) {
      const reply = await call(target, 'POST', `/proxies/${proxy}/toxics`, JSON.stringify({ type, stream: 'upstream', toxicity: 0 }));
      expect(reply.text).toBe(`{"attributes":${attributes},"name":"${type}_upstream","type":"${type}","stream":"upstream","toxicity":0}`);
    }
  });

  it('accepts the stream case-insensitively and echoes it as sent', async () => {
    const proxy = named('toxcase');
    await createProxy(target, proxy, echo.port);
    const reply = await call(target, 'POST', `/proxies/${proxy}/toxics`, '{"type":"latency","stream":"UpStream"}');
    expect(JSON.parse(reply.text)).toMatchObject({ name: 'latency_UpStream', stream: 'UpStream' });
  });

  it('checks body, stream, type, duplicate name, then attributes, with exact strings', async () => {
    const proxy = named('toxchecks');
    await createProxy(target, proxy, echo.port);
    await call(target, 'POST', `/proxies/${proxy}/toxics`, '{"name":"taken","type":"latency","stream":"upstream"}');
    const cases: [string, number, string][] = [
      ['', 400, 'bad request body: EOF'],
      ['{"type":"latency","toxicity":"high"}', 400, 'bad request body: json: cannot unmarshal string into Go struct field ToxicWrapper.toxicity of type float32'],
      ['{"type":"nope","stream":"sideways"}', 400, 'stream was invalid, can be either upstream or downstream'],
      ['{"type":"down"}', 400, 'invalid toxic type'],
      ['{"name":"taken","type":"nope"}', 400, 'invalid toxic type'],
      ['{"name":"taken","type":"bandwidth","attributes":{"rate":"x"}}', 409, 'toxic already exists'],
      ['{"type":"bandwidth","attributes":{"rate":"fast"}}', 400, 'bad request body: json: cannot unmarshal string into Go struct field BandwidthToxic.attributes.rate of type int64'],
      ['{"type":"latency","attributes":{"latency":1.5}}', 400, 'bad request body: json: cannot unmarshal number 1.5 into Go struct field LatencyToxic.attributes.latency of type int64'],
      ['{"type":"slicer","attributes":{"delay":true}}', 400, 'bad request body: json: cannot unmarshal bool into Go struct field SlicerToxic.attributes.delay of type int'],
    ];
    for (const [body, status, message] of cases) {
      const reply = await call(target, 'POST', `/proxies/${proxy}/toxics`, body);
      expect([body, reply.status, reply.text, reply.contentType]).toEqual([body, status, errorBody(message, status), 'text/plain; charset=utf-8']);
    }
    // Nothing was added by the failures.
    const list = JSON.parse((await call(target, 'GET', `/proxies/${proxy}/toxics`)).text) as { name: string }[];
    expect(list.map((t) => t.name)).toEqual(['taken']);
  });

  it('makes names unique across streams, also for default names', async () => {
    const proxy = named('toxunique');
    await createProxy(target, proxy, echo.port);
    expect((await call(target, 'POST', `/proxies/${proxy}/toxics`, '{"name":"same","type":"latency","stream":"upstream"}')).status).toBe(200);
    const clash = await call(target, 'POST', `/proxies/${proxy}/toxics`, '{"name":"same","type":"latency","stream":"downstream"}');
    expect([clash.status, clash.text]).toEqual([409, errorBody('toxic already exists', 409)]);
    expect((await call(target, 'POST', `/proxies/${proxy}/toxics`, '{"type":"timeout"}')).status).toBe(200);
    expect((await call(target, 'POST', `/proxies/${proxy}/toxics`, '{"type":"timeout"}')).status).toBe(409);
  });

  it('lists upstream toxics first, then downstream, each in insertion order', async () => {
    const proxy = named('toxorder');
    await createProxy(target, proxy, echo.port);
    for (const [name, stream] of [['d1', 'downstream'], ['u1', 'upstream'], ['d2', 'downstream'], ['u2', 'upstream']]) {
      await call(target, 'POST', `/proxies/${proxy}/toxics`, JSON.stringify({ name, stream, type: 'noop' }));
    }
    const list = JSON.parse((await call(target, 'GET', `/proxies/${proxy}/toxics`)).text) as { name: string }[];
    expect(list.map((t) => t.name)).toEqual(['u1', 'u2', 'd1', 'd2']);
    const proxyJson = JSON.parse((await call(target, 'GET', `/proxies/${proxy}`)).text) as { toxics: { name: string }[] };
    expect(proxyJson.toxics.map((t) => t.name)).toEqual(['u1', 'u2', 'd1', 'd2']);
  });

  it('gets, updates (merging attributes, ignoring name/type/stream) and deletes a toxic', async () => {
    const proxy = named('toxcrud');
    await createProxy(target, proxy, echo.port);
    await call(target, 'POST', `/proxies/${proxy}/toxics`, '{"name":"lat","type":"latency","toxicity":0.5,"attributes":{"latency":100,"jitter":10}}');
    const got = await call(target, 'GET', `/proxies/${proxy}/toxics/lat`);
    expect(got.text).toBe('{"attributes":{"latency":100,"jitter":10},"name":"lat","type":"latency","stream":"downstream","toxicity":0.5}');
    const merged = await call(target, 'PATCH', `/proxies/${proxy}/toxics/lat`, '{"attributes":{"jitter":5},"name":"other","type":"bandwidth","stream":"upstream"}');
    expect(merged.text).toBe('{"attributes":{"latency":100,"jitter":5},"name":"lat","type":"latency","stream":"downstream","toxicity":0.5}');
    const zero = await call(target, 'POST', `/proxies/${proxy}/toxics/lat`, '{"toxicity":0}');
    expect(JSON.parse(zero.text).toxicity).toBe(0);
    const tenth = await call(target, 'PATCH', `/proxies/${proxy}/toxics/lat`, '{"toxicity":0.1}');
    expect(tenth.text).toContain('"toxicity":0.1}');
    const bad = await call(target, 'PATCH', `/proxies/${proxy}/toxics/lat`, '{"attributes":{"latency":"slow"}}');
    expect([bad.status, bad.text]).toEqual([400, errorBody('bad request body: json: cannot unmarshal string into Go struct field LatencyToxic.attributes.latency of type int64', 400)]);
    const empty = await call(target, 'PATCH', `/proxies/${proxy}/toxics/lat`, '');
    expect(empty.text).toBe(errorBody('bad request body: EOF', 400));
    const missingUpdate = await call(target, 'PATCH', `/proxies/${proxy}/toxics/none`, 'not json');
    expect([missingUpdate.status, missingUpdate.text]).toEqual([404, errorBody('toxic not found', 404)]);
    const missingGet = await call(target, 'GET', `/proxies/${proxy}/toxics/none`);
    expect([missingGet.status, missingGet.text]).toEqual([404, errorBody('toxic not found', 404)]);
    const deleted = await call(target, 'DELETE', `/proxies/${proxy}/toxics/lat`);
    expect([deleted.status, deleted.text]).toEqual([204, '']);
    const again = await call(target, 'DELETE', `/proxies/${proxy}/toxics/lat`);
    expect([again.status, again.text]).toEqual([404, errorBody('toxic not found', 404)]);
  });
});

describe('reset', () => {
  it('answers 500 when a disabled proxy cannot be started again', async () => {
    const proxy = uniqueName('resetfail');
    await call(target, 'POST', '/proxies', JSON.stringify({ name: proxy, listen: `127.0.0.1:${busy.port}`, upstream: 'x:1', enabled: false }));
    const reply = await call(target, 'POST', '/reset');
    await call(target, 'DELETE', `/proxies/${proxy}`);
    expect([reply.status, reply.text]).toEqual([500, errorBody(`listen tcp 127.0.0.1:${busy.port}: bind: address already in use`, 500)]);
  });

  it('re-enables every proxy and removes all toxics (204), keeping the proxies', async () => {
    const proxy = named('reset');
    const { port } = await createProxy(target, proxy, echo.port);
    await call(target, 'POST', `/proxies/${proxy}/toxics`, '{"type":"latency","stream":"upstream"}');
    await call(target, 'POST', `/proxies/${proxy}/toxics`, '{"type":"timeout"}');
    await call(target, 'PATCH', `/proxies/${proxy}`, '{"enabled":false}');
    const reply = await call(target, 'POST', '/reset');
    expect([reply.status, reply.text]).toEqual([204, '']);
    const after = JSON.parse((await call(target, 'GET', `/proxies/${proxy}`)).text);
    expect(after).toMatchObject({ enabled: true, toxics: [], listen: `127.0.0.1:${port}` });
    (await connectTo(port)).destroy();
  });
});
