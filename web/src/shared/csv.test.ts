import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { csvBlob, csvCell } from './csv.ts';

describe('CSV for Excel', () => {
  test('a text that would be a formula opens as text', () => {
    assert.equal(csvCell('=HYPERLINK("http://evil","x")'), `"'=HYPERLINK(""http://evil"",""x"")"`);
    for (const start of ['+', '-', '@', '\t', '\r']) assert.equal(csvCell(`${start}1+1`), `"'${start}1+1"`);
  });

  test('ordinary text and numbers are kept as they are', () => {
    assert.equal(csvCell('张三'), '"张三"');
    assert.equal(csvCell(-5), '"-5"');
    assert.equal(csvCell('a, "b"'), '"a, ""b"""');
    assert.equal(csvCell(null), '""');
  });

  test('a file starts with the BOM and ends its lines with CRLF', async () => {
    const bytes = Buffer.from(
      await csvBlob([
        ['行', '问题'],
        [2, '=1+1'],
      ]).arrayBuffer(),
    );
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.equal(bytes.subarray(3).toString('utf8'), '"行","问题"\r\n"2","\'=1+1"\r\n');
  });
});
