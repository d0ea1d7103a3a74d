import { withIdCheckDigit } from '../../src/platform/personal-data.ts';

export const PERSON_HEADER =
  '姓名,社区编码,性别,出生日期,身份证号,手机号,网格编码,楼栋,单元,房号,房屋面积,标签,是否业主,地址,备注';

/** n valid people rows for a community; ID numbers are distinct and check out. */
export function personRows(
  n: number,
  communityCode: string,
  options: { building?: string; start?: number } = {},
): string[] {
  const rows: string[] = [];
  const start = options.start ?? 0;
  for (let i = start; i < start + n; i++) {
    const birth = `19${50 + (i % 50)}${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}`;
    const idNumber = withIdCheckDigit(`330105${birth}${String(i % 1000).padStart(3, '0')}`.slice(0, 17));
    const phone = `139${String(10_000_000 + i).slice(-8)}`;
    const building = options.building ?? '';
    const room = building ? `${1 + (i % 6)}0${1 + (i % 2)}` : '';
    const unit = building ? `${1 + (i % 2)}单元` : '';
    rows.push(
      `导入${i}号,${communityCode},${i % 2 ? '男' : '女'},,${idNumber},${phone},,${building},${unit},${room},,${i % 7 === 0 ? '独居老人;党员' : ''},否,,`,
    );
  }
  return rows;
}

/** A multipart body with the fields kind and file, for app.inject. */
export function multipart(kind: string, fileName: string, content: string | Uint8Array) {
  const boundary = `----gongzhi${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="kind"\r\n\r\n${kind}\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${fileName}"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const body = Buffer.concat([
    head,
    typeof content === 'string' ? Buffer.from(content) : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { payload: body, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
