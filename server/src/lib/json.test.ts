import { describe, expect, it } from 'vitest';
import { rememberJson, resultJson } from './json.ts';

describe('resultJson', () => {
  const top = rememberJson([{ rank: 1, name: 'Ann "A"', points: '70', photoUrl: null }]);

  it('writes what JSON.stringify writes, splicing in remembered JSON', () => {
    const answers = [
      { result: { data: { board: 'all', entries: top, me: { rank: null, points: '0' } } } },
      { result: { data: { entries: top, skipped: undefined, fn: () => 1, at: new Date(0), list: [1, undefined] } } },
      { result: { data: { nothing: null } } },
      { result: { data: [top] } },
      { result: { data: 'text' } },
      { result: { data: top } },
      { error: { message: 'x' } },
    ];
    for (const a of answers) expect(String(resultJson(a))).toBe(JSON.stringify(a));
  });

  it('gives bytes when it splices, so the shared kilobytes are not encoded again', () => {
    const answer = { result: { data: { board: 'all', entries: rememberJson([{ name: 'Аня' }]), me: { rank: 2 } } } };
    // Exactly the UTF-8 bytes of what JSON.stringify gives, Cyrillic included.
    expect(resultJson(answer)).toEqual(Buffer.from(JSON.stringify(answer)));
  });

  it('keeps the JSON a value had when it was remembered', () => {
    const entries = rememberJson([{ rank: 1 }]);
    expect(String(resultJson({ result: { data: { entries } } }))).toBe('{"result":{"data":{"entries":[{"rank":1}]}}}');
  });
});
