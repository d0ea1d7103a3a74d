import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';

const HOUR = 3_600_000;

interface NonVoters {
  items: { voterKey: string; people: { name: string; address: string }[]; reachable: boolean }[];
  total: number;
  nextCursor: string | null;
  remindedAt: string | null;
  nextReminderAt: string | null;
}

describe('催票: who has not voted, and one reminder to them', () => {
  let t: TestApp;
  let staff: Client;
  let resident: Client;
  let voteId: number;
  let start: Date;

  before(async () => {
    t = await startTestApp();
    staff = await t.login('community_datieguan');
    resident = await t.login('resident_demo');
    const ix = await demoIndex(await t.login('admin'));
    const me = (await resident.get('/api/auth/me')).json() as { personId: number };
    const person = (await staff.get(`/api/org/persons/${me.personId}`)).json() as { buildingId: number };
    start = t.clock.now();
    const vote = await staff.post('/api/deliberation/votes', {
      communityId: ix.division('打铁关社区').id,
      title: '楼道加装扶手',
      question: '是否同意在楼道加装扶手？',
      electorate: 'residents',
      scopeKind: 'buildings',
      buildingIds: [person.buildingId],
      ballotUnit: 'person',
      options: [
        { key: 'yes', label: '同意' },
        { key: 'no', label: '不同意' },
      ],
      noticeAt: start.toISOString(),
      opensAt: new Date(start.getTime() + HOUR).toISOString(),
      closesAt: new Date(start.getTime() + 48 * HOUR).toISOString(),
    });
    assert.equal(vote.statusCode, 201, vote.body);
    voteId = vote.json().id;
  });
  after(() => t?.close());

  const nonVoters = async (query = '') => {
    const res = await staff.get(`/api/deliberation/votes/${voteId}/non-voters?limit=200${query}`);
    assert.equal(res.statusCode, 200, res.body);
    return res.json() as NonVoters;
  };
  const reminders = async () =>
    ((await resident.get('/api/notifications')).json().items as { title: string }[]).filter((n) =>
      n.title.includes('楼道加装扶手'),
    ).length;

  test('before voting opens the whole roll has not voted, and no reminder can be sent', async () => {
    const roll = await nonVoters();
    const vote = (await staff.get(`/api/deliberation/votes/${voteId}`)).json();
    assert.equal(roll.total, vote.voters);
    assert.ok(roll.items.some((e) => e.people.some((p) => p.name === '陈建华') && e.reachable));
    const chen = roll.items.flatMap((e) => e.people).find((p) => p.name === '陈建华')!;
    assert.match(chen.address, /幢/, 'where they live: building and room');
    assert.ok(
      (await nonVoters(`&q=${encodeURIComponent(chen.address.split(' ')[0]!)}`)).total > 0,
      'found by building',
    );
    const early = await staff.post(`/api/deliberation/votes/${voteId}/remind`);
    assert.equal(early.statusCode, 409, early.body);
  });

  test('while open: the reminder reaches the non-voters with an account, once; a second one too soon is refused', async () => {
    t.clock.set(new Date(start.getTime() + 2 * HOUR));
    const before = await reminders();
    const sent = await staff.post(`/api/deliberation/votes/${voteId}/remind`);
    assert.equal(sent.statusCode, 200, sent.body);
    const { reminded, unreachable } = sent.json();
    const roll = await nonVoters();
    assert.equal(reminded, roll.items.filter((e) => e.reachable).length);
    assert.equal(unreachable, roll.items.filter((e) => !e.reachable).length);
    assert.equal(await reminders(), before + 1, 'the resident has the message');

    const again = await staff.post(`/api/deliberation/votes/${voteId}/remind`);
    assert.equal(again.statusCode, 409, again.body);
    assert.match(again.json().error.details[0].message, /6 小时/);
    assert.equal(await reminders(), before + 1, 'nothing sent twice');
    assert.ok((await nonVoters()).nextReminderAt, 'says when the next may go');
  });

  test('a ballot takes the voter off the list; the next reminder, hours later, passes them by', async () => {
    const before = await nonVoters();
    const cast = await resident.post(`/api/deliberation/votes/${voteId}/ballot`, { choice: 'yes' });
    assert.ok(cast.statusCode < 300, cast.body);
    const after = await nonVoters();
    assert.equal(after.total, before.total - 1);
    assert.ok(!after.items.some((e) => e.people.some((p) => p.name === '陈建华')));
    assert.equal((await nonVoters('&q=陈建华')).total, 0, 'searching by name');

    const seen = await reminders();
    t.clock.set(new Date(start.getTime() + 9 * HOUR));
    const next = await staff.post(`/api/deliberation/votes/${voteId}/remind`);
    assert.equal(next.statusCode, 200, next.body);
    assert.equal(await reminders(), seen, 'a voter is not reminded');
    const audit = (await staff.get(`/api/audit?action=deliberation.vote.remind&entityId=${voteId}`)).json().items;
    assert.equal(audit.length, 2);
  });

  test('only the staff who run the vote see the list or remind', async () => {
    assert.equal((await resident.get(`/api/deliberation/votes/${voteId}/non-voters`)).statusCode, 403);
    assert.equal((await resident.post(`/api/deliberation/votes/${voteId}/remind`)).statusCode, 403);
    assert.equal((await t.anonymous().get(`/api/deliberation/votes/${voteId}/non-voters`)).statusCode, 401);
    assert.equal((await staff.get(`/api/deliberation/votes/${voteId}/non-voters?limit=0`)).statusCode, 400);
  });
});
