import { describe, expect, it } from 'vitest';
import { formatRoute, parseRoute } from '../src/features/admin/kit/route.ts';

describe('the back office route in the URL hash', () => {
  it('reads a section, its record and its filters, and writes them back the same', () => {
    expect(parseRoute('#/people/123')).toEqual({ section: 'people', record: '123', params: {} });
    expect(parseRoute('#/invoices?status=PAID&currency=STARS')).toEqual({ section: 'invoices', record: null, params: { status: 'PAID', currency: 'STARS' } });
    expect(formatRoute({ section: 'withdrawals', record: '45', params: { q: 'Vera Ivanova', page: '2' } })).toBe('#/withdrawals/45?q=Vera+Ivanova&page=2');
    for (const hash of ['#/people/123', '#/invoices?status=PAID&currency=STARS', '#/withdrawals/45?q=Vera+Ivanova']) expect(formatRoute(parseRoute(hash))).toBe(hash);
  });

  it('takes Telegram’s launch data, empty values and odd segments for no route at all', () => {
    expect(parseRoute('#tgWebAppData=user%3D1&tgWebAppVersion=8.0')).toEqual({ section: null, record: null, params: {} });
    expect(parseRoute('')).toEqual({ section: null, record: null, params: {} });
    expect(parseRoute('#/people?q=&tag=vip')).toEqual({ section: 'people', record: null, params: { tag: 'vip' } });
    expect(parseRoute('#/<script>/1')).toMatchObject({ section: null });
    expect(parseRoute('#/people/..%2F..')).toMatchObject({ section: 'people', record: null });
    expect(parseRoute(`#/people?q=${'x'.repeat(500)}`).params.q).toHaveLength(200);
  });
});
