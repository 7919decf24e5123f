import { csvField, toCsv } from './csv';

describe('RFC 4180 CSV', () => {
  it('writes plain fields as they are and null as empty', () => {
    expect([csvField('EMEA SaaS'), csvField(0.3333), csvField(0), csvField(null)]).toEqual(['EMEA SaaS', '0.3333', '0', '']);
  });

  it('quotes fields holding a comma, a quote, CR or LF, and doubles inner quotes', () => {
    expect(csvField('Reyes, Carla')).toBe('"Reyes, Carla"');
    expect(csvField('The "A" team')).toBe('"The ""A"" team"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(['+1', '-team', '@sum'].map(csvField)).toEqual(["'+1", "'-team", "'@sum"]);
  });

  it('ends every record, the header and the last one too, with CRLF', () => {
    expect(toCsv(['a', 'b'], [['x, y', 1], [null, 2.5]])).toBe('a,b\r\n"x, y",1\r\n,2.5\r\n');
    expect(toCsv(['a'], [])).toBe('a\r\n');
  });
});
