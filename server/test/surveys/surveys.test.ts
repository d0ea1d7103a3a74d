import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { exportedSheet } from '../support/spreadsheet.ts';
import { addResident, addUser } from '../support/users.ts';

const HOUR = 3_600_000;

/** Surveys (问卷): audience, one response per person (anonymous too), answer checks, results and export. */
describe('surveys', () => {
  let t: TestApp;
  let staff: Client;
  let otherStaff: Client;
  let residents: Client[];
  let outsider: Client;
  let community: number;
  let other: number;
  const db = () => t.services.database.db;

  before(async () => {
    t = await startTestApp();
    community = (
      await db().selectFrom('org.divisions').select('id').where('name', '=', '打铁关社区').executeTakeFirstOrThrow()
    ).id;
    other = (
      await db()
        .selectFrom('org.divisions')
        .select('id')
        .where('level', '=', 'community')
        .where('id', '!=', community)
        .executeTakeFirstOrThrow()
    ).id;
    staff = await t.login('community_datieguan');
    otherStaff = await addUser(t, 'survey_other_admin', [{ role: 'community_admin', divisionId: other, gridId: null }]);
    residents = [];
    for (let i = 1; i <= 3; i++) residents.push(await addResident(t, `survey_res_${i}`, community, `答卷人${i}`));
    outsider = await addResident(t, 'survey_outsider', other, '外社区居民');
  });
  after(() => t.close());

  const questions = [
    { id: 'q1', type: 'single', title: '您对社区环境满意吗', required: true, options: ['满意', '一般', '不满意'] },
    { id: 'q2', type: 'multiple', title: '希望增加哪些设施', options: ['健身', '停车', '充电', '绿化'], maxChoices: 2 },
    { id: 'q3', type: 'rating', title: '物业服务评分', required: true },
    { id: 'q4', type: 'number', title: '家中几口人', min: 1, max: 20 },
    { id: 'q5', type: 'text', title: '其他建议' },
  ];
  const body = (over: Record<string, unknown> = {}) => ({
    communityId: community,
    title: '2026 社区环境问卷',
    anonymous: true,
    questions,
    opensAt: new Date(t.clock.now().getTime() - HOUR).toISOString(),
    closesAt: new Date(t.clock.now().getTime() + 48 * HOUR).toISOString(),
    ...over,
  });

  let id: number;

  test('staff write and publish; scope and question checks', async () => {
    assert.equal((await otherStaff.post('/api/surveys', body())).statusCode, 403);
    assert.equal((await residents[0]!.post('/api/surveys', body())).statusCode, 403);
    const bad = [{ id: 'q1', type: 'single', title: '只有一个选项', options: ['是'] }];
    assert.equal((await staff.post('/api/surveys', body({ questions: bad }))).statusCode, 400);
    const created = await staff.post('/api/surveys', body());
    assert.equal(created.statusCode, 201, created.body);
    id = created.json().id;
    assert.equal(created.json().phase, 'draft');
    assert.equal((await residents[0]!.get(`/api/surveys/${id}`)).statusCode, 404, 'a draft is not shown');
    const published = await staff.post(`/api/surveys/${id}/publish`);
    assert.equal(published.statusCode, 200, published.body);
    assert.equal(published.json().phase, 'open');
    assert.ok(published.json().notified >= 3);
    assert.equal((await staff.post(`/api/surveys/${id}/publish`)).statusCode, 409);
    const list = (await staff.get('/api/surveys?q=环境&phase=open')).json().items;
    assert.ok(list.some((s: { id: number }) => s.id === id));
    assert.equal((await otherStaff.get(`/api/surveys/${id}`)).statusCode, 404);
  });

  test('audience, answer checks and one response (anonymous: no link to the person)', async () => {
    const mine = (await residents[0]!.get('/api/surveys/mine')).json().items;
    assert.equal(mine.find((s: { id: number }) => s.id === id)?.answered, false);
    assert.ok(!(await outsider.get('/api/surveys/mine')).json().items.some((s: { id: number }) => s.id === id));
    assert.equal((await outsider.post(`/api/surveys/${id}/responses`, { answers: { q1: 0, q3: 5 } })).statusCode, 403);
    const wrong = [
      { q3: 5 }, // q1 required
      { q1: 3, q3: 5 }, // no such option
      { q1: 0, q3: 6 },
      { q1: 0, q3: 5, q2: [0, 1, 2] }, // over the maximum
      { q1: 0, q3: 5, q2: [1, 1] },
      { q1: 0, q3: 5, q4: 21 },
      { q1: 0, q3: 5, q9: 'x' },
    ];
    for (const answers of wrong)
      assert.equal(
        (await residents[0]!.post(`/api/surveys/${id}/responses`, { answers })).statusCode,
        400,
        JSON.stringify(answers),
      );
    const n = async () =>
      (await db().selectFrom('surveys.responses').select('id').where('survey_id', '=', id).execute()).length;
    assert.equal(await n(), 0, 'nothing stored');
    const given = [
      { q1: 0, q2: [0, 1], q3: 5, q4: 3, q5: '希望多种树' },
      { q1: 0, q2: [1], q3: 4, q5: '停车太难' },
      { q1: 2, q3: 3 },
    ];
    for (const [i, answers] of given.entries()) {
      const res = await residents[i]!.post(`/api/surveys/${id}/responses`, { answers });
      assert.equal(res.statusCode, 201, res.body);
    }
    assert.equal((await residents[0]!.post(`/api/surveys/${id}/responses`, { answers: given[0] })).statusCode, 409);
    const rows = await db().selectFrom('surveys.responses').selectAll().where('survey_id', '=', id).execute();
    assert.equal(rows.length, 3);
    for (const r of rows) {
      assert.equal(r.person_id, null);
      assert.equal(r.user_id, null);
      assert.equal(r.respondent_name, null);
    }
    assert.equal((await residents[0]!.get(`/api/surveys/${id}`)).json().answered, true);
    const listed = (await residents[0]!.get('/api/surveys/mine')).json().items;
    assert.equal(listed.find((s: { id: number }) => s.id === id)?.answered, true, 'the list says it is answered');
  });

  test('results: counts, percents, means; texts searchable; other community refused', async () => {
    const res = await staff.get(`/api/surveys/${id}/results`);
    assert.equal(res.statusCode, 200, res.body);
    const r = res.json();
    assert.equal(r.responses, 3);
    const [q1, q2, q3, q4, q5] = r.questions;
    assert.deepEqual(
      q1.options.map((o: { count: number }) => o.count),
      [2, 0, 1],
    );
    assert.equal(q1.options[0].percent, 66.7);
    assert.deepEqual(
      q2.options.map((o: { count: number }) => o.count),
      [1, 2, 0, 0],
    );
    assert.equal(q2.answered, 2);
    assert.equal(q2.options[1].percent, 100);
    assert.deepEqual(
      q3.options.map((o: { count: number }) => o.count),
      [0, 0, 1, 1, 1],
    );
    assert.equal(q3.average, 4);
    assert.equal(q4.average, 3);
    assert.equal(q5.answered, 2);
    const texts = (await staff.get(`/api/surveys/${id}/texts?questionId=q5&q=停车`)).json();
    assert.deepEqual(
      texts.items.map((x: { text: string }) => x.text),
      ['停车太难'],
    );
    assert.equal(texts.items[0].respondent, null, 'anonymous');
    const paged = (await staff.get(`/api/surveys/${id}/texts?questionId=q5&limit=1`)).json();
    assert.ok(paged.nextCursor);
    assert.equal((await otherStaff.get(`/api/surveys/${id}/results`)).statusCode, 404);
    assert.equal((await residents[0]!.get(`/api/surveys/${id}/results`)).statusCode, 404);
  });

  test('the Excel export holds the results', async () => {
    const { header, body: rows } = await exportedSheet(t, staff, 'survey-results', { surveyId: id });
    assert.deepEqual(header, ['题号', '题目', '选项/回答', '人数', '占比(%)/均值']);
    const line = (no: number, item: string) => rows.find((r) => r[0] === no && r[2] === item);
    assert.deepEqual(line(1, '满意')!.slice(3), [2, 66.7]);
    assert.deepEqual(line(3, '平均值')!.slice(3), [null, 4]);
    assert.ok(line(5, '希望多种树'));
    const refused = await otherStaff.post('/api/exports', { kind: 'survey-results', filters: { surveyId: id } });
    if (refused.statusCode === 202) {
      await t.services.jobs.drain();
      const job = (await otherStaff.get(`/api/exports/${refused.json().id}`)).json();
      assert.notEqual(job.status, 'done');
    }
  });

  test('a named survey keeps who answered; closed refuses answers', async () => {
    const named = await staff.post('/api/surveys', body({ anonymous: false, title: '实名问卷' }));
    const sid = named.json().id;
    await staff.post(`/api/surveys/${sid}/publish`);
    const res = await residents[0]!.post(`/api/surveys/${sid}/responses`, {
      answers: { q1: 1, q3: 2, q5: '实名意见' },
    });
    assert.equal(res.statusCode, 201, res.body);
    const texts = (await staff.get(`/api/surveys/${sid}/texts?questionId=q5`)).json();
    assert.ok(texts.items[0].respondent);
    t.clock.advance(49 * HOUR);
    residents[1] = await t.login('survey_res_2');
    assert.equal(
      (await residents[1]!.post(`/api/surveys/${sid}/responses`, { answers: { q1: 1, q3: 2 } })).statusCode,
      409,
    );
  });
});
