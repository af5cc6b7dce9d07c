import { describe, expect, it } from 'vitest';
import { dateFormOf, describeDateReading, detectDateReading, epochReading, parseDate, type DateReading } from './dates';
import { loadTable } from './tableDataset';

const utc = (...parts: number[]) => Date.UTC(parts[0]!, parts[1]! - 1, parts[2]!, parts[3] ?? 0, parts[4] ?? 0, parts[5] ?? 0);
const detect = (cells: readonly string[]) => detectDateReading(cells, cells.map(() => 1));
const text = (form: 'ymd' | 'dmy' | 'mdy' | 'mon-d-y' | 'd-mon-y'): DateReading => ({ kind: 'text', form });

describe('dates as people write them', () => {
  it('reads ISO dates and times as UTC wall-clock time, honouring an explicit zone', () => {
    expect(parseDate('1998-06-12')).toBe(utc(1998, 6, 12));
    expect(parseDate('1998-06-12 14:30')).toBe(utc(1998, 6, 12, 14, 30));
    expect(parseDate('1998-06-12T14:30:00Z')).toBe(utc(1998, 6, 12, 14, 30));
    expect(parseDate('1998-06-12T14:30:00+02:00')).toBe(utc(1998, 6, 12, 12, 30));
    expect(parseDate('1998-06-12T14:30:05.250-0130')).toBe(utc(1998, 6, 12, 16, 0, 5) + 250);
    expect(parseDate('1998/06/12')).toBe(utc(1998, 6, 12));
    expect(parseDate('1998-6-2')).toBe(utc(1998, 6, 2));
  });

  it('reads day-first, month-first and month names', () => {
    expect(parseDate('12/06/1998', text('dmy'))).toBe(utc(1998, 6, 12));
    expect(parseDate('06/12/1998', text('mdy'))).toBe(utc(1998, 6, 12));
    expect(parseDate('12.06.1998 08:15', text('dmy'))).toBe(utc(1998, 6, 12, 8, 15));
    expect(parseDate('Jun 12 1998', text('mon-d-y'))).toBe(utc(1998, 6, 12));
    expect(parseDate('June 12, 1998', text('mon-d-y'))).toBe(utc(1998, 6, 12));
    expect(parseDate('Fri, Jun 12th, 1998 2:30 pm', text('mon-d-y'))).toBe(utc(1998, 6, 12, 14, 30));
    expect(parseDate('12 Jun 1998', text('d-mon-y'))).toBe(utc(1998, 6, 12));
    expect(parseDate('12-Jun-1998', text('d-mon-y'))).toBe(utc(1998, 6, 12));
    // Every text reading also takes ISO (what the try-it form's date input sends).
    expect(parseDate('1998-06-12', text('dmy'))).toBe(utc(1998, 6, 12));
  });

  it('refuses impossible dates and times, and words that are not months', () => {
    expect(parseDate('1998-02-30')).toBeNaN();
    expect(parseDate('1998-13-01')).toBeNaN();
    expect(parseDate('1998-06-12 25:00')).toBeNaN();
    expect(parseDate('31/04/1998', text('dmy'))).toBeNaN();
    expect(parseDate('Room 12 1998', text('mon-d-y'))).toBeNaN();
    expect(dateFormOf('Room 12 1998')).toBeNull();
    expect(parseDate('1998')).toBeNaN();
    expect(parseDate('19980612')).toBeNaN();
  });

  it('decides day or month first per column from values above 12, month-first when none decides', () => {
    expect(detect(['12/06/1998', '25/12/2020', '01/02/2003'])).toEqual({ reading: text('dmy'), unreadable: 0, ambiguousOrder: false });
    expect(detect(['06/12/1998', '12/25/2020'])).toEqual({ reading: text('mdy'), unreadable: 0, ambiguousOrder: false });
    expect(detect(['06/12/1998', '01/02/2003'])).toEqual({ reading: text('mdy'), unreadable: 0, ambiguousOrder: true });
    expect(describeDateReading(text('mdy'), true)).toContain('no value above 12 tells the order');
    // Both orders evidenced: no single reading, so not dates.
    expect(detect(['25/12/2020', '12/25/2020'])).toBeNull();
  });

  it('wants one written form per column: mixed forms stay text', () => {
    expect(detect(['1998-06-12', '1999-01-02'])?.reading).toEqual(text('ymd'));
    expect(detect(['Jun 12 1998', 'June 1, 2001'])?.reading).toEqual(text('mon-d-y'));
    expect(detect(['12 Jun 1998', '1 June 2001'])?.reading).toEqual(text('d-mon-y'));
    expect(detect(['1998-06-12', '12/06/1998', '1999-01-02', '13/06/1998'])).toBeNull();
    expect(detect(['1998-06-12', 'soon'])).toBeNull();
    expect(detect(['1998', '2004'])).toBeNull();
  });

  it('reads epoch numbers only under a time-like name and in a plausible range', () => {
    const seconds = [1_600_000_000, 1_600_086_400, 1_700_000_123];
    expect(epochReading('timestamp', seconds)).toEqual({ kind: 'epoch', unit: 's' });
    expect(epochReading('event_time', seconds.map((s) => s * 1000))).toEqual({ kind: 'epoch', unit: 'ms' });
    expect(epochReading('created_at', seconds)).toEqual({ kind: 'epoch', unit: 's' });
    expect(epochReading('amount', seconds)).toBeNull(); // the name must say so
    expect(epochReading('order_id', seconds)).toBeNull();
    expect(epochReading('timestamp', [1998, 2004])).toBeNull(); // years are not epoch seconds
    expect(epochReading('time', [12, 30, 45])).toBeNull(); // durations either
    expect(epochReading('timestamp', [...seconds, 42])).toBeNull(); // every value in range
    expect(parseDate('1600000000', { kind: 'epoch', unit: 's' })).toBe(1_600_000_000_000);
    expect(parseDate('1600000000000', { kind: 'epoch', unit: 'ms' })).toBe(1_600_000_000_000);
  });

  it('profiles date columns in words and numbers, and leaves IDs, zip codes and years as numbers', async () => {
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const rows = Array.from({ length: 24 }, (_, i) =>
      [`"${months[i % 12]} ${1 + i}, 20${10 + (i % 9)}"`, `${1 + i}/0${1 + (i % 9)}/2020`, 1_600_000_000 + i * 86_400 + 3_600, 1990 + ((i * 7) % 25), `0${2100 + ((i * 5) % 11)}`, 100 + i * 3, i % 2].join(','),
    );
    const table = await loadTable(`listed,paid,event_time,year,zip,customer_id,label\n${rows.join('\n')}\n`, 'd.csv');
    expect(table.profiles.map((p) => p.kind)).toEqual(['datetime', 'datetime', 'datetime', 'numeric', 'numeric', 'identifier', 'numeric']);
    expect(table.profiles[0]!.dateReading).toEqual(text('mon-d-y'));
    expect(table.profiles[1]!.dateReading).toEqual(text('dmy'));
    expect(table.profiles[2]!.dateReading).toEqual({ kind: 'epoch', unit: 's' });
    expect(table.profiles[2]!.reason).toContain('seconds since 1970');
  });
});
