// The small pure helpers under the controller: version parsing, URL checks, error bodies, undo-log folding.
import { describe, expect, it } from 'vitest';
import { FaultlineError } from '../../../src/errors.js';
import { foldUndoEntries, parseUndoLog } from '../../../src/io/undo-log.js';
import { checkToxiproxyUrl, parseToxiproxyVersion, serverErrorMessage } from '../../../src/transports/toxiproxy-api.js';

describe('parseToxiproxyVersion', () => {
  it('reads every /version format Toxiproxy 2.x has used', () => {
    expect(parseToxiproxyVersion('{"version": "2.12.0"}\n')).toBe('2.12.0');
    expect(parseToxiproxyVersion('2.5.0')).toBe('2.5.0');
    expect(parseToxiproxyVersion('{"version": "2.6.0\\n"}')).toBe('2.6.0');
    expect(parseToxiproxyVersion('{"version": "2.6.0\n"}')).toBe('2.6.0');
    expect(parseToxiproxyVersion('{"version": "v2.9.0"}')).toBe('2.9.0');
    expect(parseToxiproxyVersion('{"version": "git"}\n')).toBe('git');
    expect(parseToxiproxyVersion('<html>')).toBeUndefined();
  });
});

describe('checkToxiproxyUrl', () => {
  it('accepts loopback forms and strips the trailing slash', () => {
    for (const [raw, url] of [
      ['http://127.0.0.1:8474/', 'http://127.0.0.1:8474'],
      ['http://127.1.2.3:8474', 'http://127.1.2.3:8474'],
      ['http://localhost:8474', 'http://localhost:8474'],
      ['http://[::1]:8474', 'http://[::1]:8474'],
      ['https://localhost', 'https://localhost'],
      ['http://LOCALHOST:8474', 'http://localhost:8474'],
      ['http://0x7f.1:8474', 'http://127.0.0.1:8474'],
      ['http://[::ffff:127.0.0.1]:8474', 'http://[::ffff:7f00:1]:8474'],
    ]) expect(checkToxiproxyUrl(raw!, false)).toBe(url);
  });

  it('refuses remote hosts unless allowed, and non-http URLs always', () => {
    // *.localhost names are resolved by DNS, which may answer anything (issue 16): only literal
    // loopback addresses and `localhost` itself pass.
    for (const raw of ['http://10.0.0.5:8474', 'http://example.com:8474', 'http://[fe80::1]:8474', 'http://127.0.0.1.nip.io:8474', 'http://evil.localhost:8474', 'http://a.b.localhost:8474', 'http://localhost.:8474', 'http://localhost.evil.example:8474']) {
      expect(() => checkToxiproxyUrl(raw, false)).toThrow(FaultlineError);
      expect(checkToxiproxyUrl(raw, true)).toBe(raw);
    }
    expect(() => checkToxiproxyUrl('127.0.0.1:8474', true)).toThrow('Not a Toxiproxy URL');
    expect(() => checkToxiproxyUrl('ftp://127.0.0.1', true)).toThrow('expected http:// or https://');
  });
});

describe('serverErrorMessage', () => {
  it('reads the ApiError body, and falls back to the text', () => {
    expect(serverErrorMessage('{"error":"proxy already exists","status":409}\n')).toBe('proxy already exists');
    expect(serverErrorMessage('404 page not found\n')).toBe('404 page not found');
    expect(serverErrorMessage('')).toBe('(empty body)');
  });
});

describe('undo log folding', () => {
  it('lists what was created, minus what was forgotten, once each; skips torn lines', () => {
    const { entries, badLines } = parseUndoLog(
      [
        '{"op":"server","url":"http://127.0.0.1:1","runId":"r","pid":1,"host":"h","startedAt":"x"}',
        '{"op":"proxy","name":"faultline-r-a","upstream":"u"}',
        '{"op":"proxy","name":"faultline-r-b","upstream":"u"}',
        '{"op":"toxic","proxy":"faultline-r-a","name":"t1","type":"latency"}',
        '{"op":"toxic","proxy":"faultline-r-a","name":"t1","type":"latency"}',
        '{"op":"toxic","proxy":"faultline-r-a","name":"t2","type":"timeout"}',
        '{"op":"forget-toxic","proxy":"faultline-r-a","name":"t2"}',
        '{"op":"toxic","proxy":"faultline-r-b","name":"t3","type":"timeout"}',
        '{"op":"forget-proxy","name":"faultline-r-b"}',
        '{"op":"disable","proxy":"faultline-r-a"}',
        '{"op":"remove-proxy","name":"faultline-r-a"}',
        '{"op":"unknown"}',
        '{"op":"toxic","pro',
      ].join('\n'),
    );
    expect(badLines).toBe(2);
    expect(foldUndoEntries('r', '/p', entries, badLines)).toEqual({
      runId: 'r', path: '/p', serverUrl: 'http://127.0.0.1:1', pid: 1, host: 'h', startedAt: 'x',
      proxies: ['faultline-r-a'], toxics: [{ proxy: 'faultline-r-a', name: 't1' }], disabled: ['faultline-r-a'], badLines: 2,
    });
  });
});
