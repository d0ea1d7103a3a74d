import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { XMLParser } from 'fast-xml-parser';
import { demoIndex } from '../support/demo.ts';
import { startTestApp, type Client, type TestApp } from '../support/harness.ts';
import { buildingPoint } from '../support/matters.ts';

const REQUEST_FIELDS = [
  'service_request_id',
  'status',
  'status_notes',
  'service_name',
  'service_code',
  'description',
  'agency_responsible',
  'service_notice',
  'requested_datetime',
  'updated_datetime',
  'expected_datetime',
  'address',
  'address_id',
  'zipcode',
  'lat',
  'long',
  'media_url',
].sort();
const W3C = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/;
const parser = new XMLParser({
  parseTagValue: false,
  isArray: (name) => ['service', 'request', 'attribute', 'value', 'error', 'endpoint', 'format'].includes(name),
});

describe('Open311 GeoReport v2', () => {
  let t: TestApp;
  let admin: Client;
  let apiKey: string;
  let ix: Awaited<ReturnType<typeof demoIndex>>;
  let point: { lat: number; lng: number };

  before(async () => {
    t = await startTestApp({ PUBLIC_URL: 'https://gongzhi.example.cn' });
    admin = await t.login('admin');
    ix = await demoIndex(admin);
    const issued = await admin.post('/api/matters/open311-clients', {
      name: '12345 市民热线',
      divisionId: ix.division('拱墅区').id,
    });
    assert.equal(issued.statusCode, 201, issued.body);
    apiKey = issued.json().apiKey;
    point = await buildingPoint(admin, '打铁关小区1幢');
  });
  after(() => t.close());

  const anon = () => t.anonymous();
  const form = (fields: Record<string, string | number>) => ({
    payload: new URLSearchParams(Object.entries(fields).map(([k, v]): [string, string] => [k, String(v)])).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  const post = (format: 'json' | 'xml', fields: Record<string, string | number>) =>
    anon().raw({ method: 'POST', url: `/open311/v2/requests.${format}`, ...form(fields) });

  test('discovery, in JSON and XML', async () => {
    const json = (await anon().get('/open311/v2/discovery.json')).json();
    assert.deepEqual(Object.keys(json).sort(), ['changeset', 'contact', 'endpoints', 'key_service']);
    assert.equal(json.endpoints[0].specification, 'http://wiki.open311.org/GeoReport_v2');
    assert.equal(json.endpoints[0].url, 'https://gongzhi.example.cn/open311/v2');
    assert.deepEqual(json.endpoints[0].formats, ['text/xml', 'application/json']);
    const res = await anon().get('/open311/v2/discovery.xml');
    assert.match(res.headers['content-type'] as string, /text\/xml/);
    const xml = parser.parse(res.body);
    assert.equal(xml.discovery.endpoints.endpoint[0].formats.format.length, 2);
  });

  test('service list: every field of the spec, and the same in XML', async () => {
    const services = (await anon().get('/open311/v2/services.json')).json();
    assert.ok(services.length > 30);
    const codes = services.map((s: { service_code: string }) => s.service_code);
    for (const personal of ['community.neighbour', 'community.help', 'community.security', 'suggestion']) {
      assert.ok(!codes.some((c: string) => c.startsWith(personal)), `${personal} concerns people and is not published`);
    }
    for (const s of services) {
      assert.deepEqual(Object.keys(s).sort(), [
        'description',
        'group',
        'keywords',
        'metadata',
        'service_code',
        'service_name',
        'type',
      ]);
      assert.equal(typeof s.metadata, 'boolean');
      assert.ok(['realtime', 'batch', 'blackbox'].includes(s.type));
    }
    assert.ok(
      !services.some((s: { service_code: string }) => s.service_code.endsWith('.alarm')),
      'alarms are not filed by outsiders',
    );
    const elevator = services.find((s: { service_code: string }) => s.service_code === 'community.property.elevator');
    assert.equal(elevator.metadata, true);
    assert.equal(elevator.group, '物业管理');
    const xml = parser.parse((await anon().get('/open311/v2/services.xml')).body);
    assert.equal(xml.services.service.length, services.length);
    assert.equal(
      xml.services.service.find((s: { service_code: string }) => s.service_code === 'community.property.elevator')
        .metadata,
      'true',
    );
  });

  test('a service definition lists its attributes', async () => {
    const def = (await anon().get('/open311/v2/services/event.construction.noise.json')).json();
    assert.equal(def.service_code, 'event.construction.noise');
    const attr = def.attributes[0];
    assert.deepEqual(Object.keys(attr).sort(), [
      'code',
      'datatype',
      'datatype_description',
      'description',
      'order',
      'required',
      'values',
      'variable',
    ]);
    assert.equal(attr.code, 'time_of_day');
    assert.equal(attr.datatype, 'singlevaluelist');
    assert.deepEqual(
      attr.values.map((v: { key: string }) => v.key),
      ['day', 'night'],
    );
    const xml = parser.parse((await anon().get('/open311/v2/services/event.construction.noise.xml')).body);
    assert.equal(xml.service_definition.attributes.attribute[0].values.value.length, 2);
    const missing = await anon().get('/open311/v2/services/no.such.service.json');
    assert.equal(missing.statusCode, 404);
    assert.deepEqual(Object.keys(missing.json()[0]).sort(), ['code', 'description']);
  });

  test("filing needs a valid api_key; inside the client's division only", async () => {
    const base = {
      service_code: 'event.environment.exposed_garbage',
      lat: point.lat,
      long: point.lng,
      description: '路边垃圾堆了三天',
    };
    const none = await post('json', base);
    assert.equal(none.statusCode, 403);
    assert.equal(none.json()[0].code, 403);
    const wrong = await post('xml', { ...base, api_key: 'not-a-key' });
    assert.equal(wrong.statusCode, 403);
    assert.equal(parser.parse(wrong.body).errors.error[0].code, '403');
    const hefei = await buildingPoint(admin, '恒通小区1幢');
    const outside = await post('json', { ...base, api_key: apiKey, lat: hefei.lat, long: hefei.lng });
    assert.equal(outside.statusCode, 400, 'the hotline of 拱墅区 cannot file in 瑶海区');
    const badCode = await post('json', { ...base, api_key: apiKey, service_code: 'nope' });
    assert.equal(badCode.statusCode, 400);
    // Malformed values are refused in GeoReport's own error shape, and file nothing.
    const before = (await anon().get('/open311/v2/requests.json')).json().length;
    const badLat = await post('json', { ...base, api_key: apiKey, lat: '30.3abc' });
    assert.equal(badLat.statusCode, 400);
    assert.deepEqual(Object.keys(badLat.json()[0]).sort(), ['code', 'description']);
    const badFlag = await post('json', {
      ...base,
      api_key: apiKey,
      service_code: 'community.property.elevator',
      description: '电梯坏了有人被困',
      'attribute[trapped]': 'yes',
    });
    assert.equal(badFlag.statusCode, 400);
    assert.match(badFlag.json()[0].description, /trapped/);
    assert.equal((await anon().get('/open311/v2/requests.json')).json().length, before);
  });

  test('a request filed, then read back field by field, in JSON and XML; private fields never leak', async () => {
    const created = await post('json', {
      api_key: apiKey,
      service_code: 'event.construction.noise',
      lat: point.lat,
      long: point.lng,
      address_string: '打铁关小区1幢',
      description: '工地每晚12点后还在施工，电钻声很响',
      first_name: '秀英',
      last_name: '孙',
      phone: '13912340000',
      email: 'someone@example.com',
      media_url: 'https://photos.example.cn/a.jpg',
      'attribute[time_of_day]': 'night',
    });
    assert.equal(created.statusCode, 201, created.body);
    const [answer] = created.json();
    assert.ok(/^\d+$/.test(answer.service_request_id));
    assert.ok('service_notice' in answer && 'account_id' in answer);
    const id = answer.service_request_id;

    // Staff work on it, with a private note and a public one.
    const worker = await t.login('grid_datieguan_01');
    await worker.post(`/api/matters/${id}/accept`, {});
    await worker.post(`/api/matters/${id}/notes`, { note: '孙阿姨电话13912340000，上次也投诉过', internal: true });
    await worker.post(`/api/matters/${id}/notes`, { note: '下午去现场看看' });
    // A working note is not the city's answer.
    assert.equal((await anon().get(`/open311/v2/requests/${id}.json`)).json()[0].status_notes, null);

    const [one] = (await anon().get(`/open311/v2/requests/${id}.json`)).json();
    assert.deepEqual(Object.keys(one).sort(), REQUEST_FIELDS);
    assert.equal(one.service_request_id, id);
    assert.equal(one.status, 'open');
    assert.equal(one.status_notes, null);
    assert.equal(one.service_code, 'event.construction.noise');
    assert.equal(one.service_name, '施工扰民');
    assert.equal(one.agency_responsible, '综合行政执法（城管）');
    assert.match(one.requested_datetime, W3C);
    assert.match(one.updated_datetime, W3C);
    assert.match(one.expected_datetime, W3C);
    assert.equal(one.address, '打铁关小区1幢');
    assert.equal(one.lat, point.lat);
    assert.equal(one.long, point.lng);
    assert.equal(one.media_url, 'https://photos.example.cn/a.jpg');
    // Resolving answers the public: its note becomes the status note, and the request is closed.
    assert.equal((await worker.post(`/api/matters/${id}/start`, {})).statusCode, 200);
    assert.equal(
      (await worker.post(`/api/matters/${id}/resolve`, { note: '已联系施工方，承诺晚十点后停工' })).statusCode,
      200,
    );
    const [done] = (await anon().get(`/open311/v2/requests/${id}.json`)).json();
    assert.equal(done.status, 'closed');
    assert.equal(done.status_notes, '已联系施工方，承诺晚十点后停工');
    assert.equal(done.expected_datetime, null);
    const text = JSON.stringify(done);
    for (const secret of ['13912340000', '孙', 'someone@example.com', '上次也投诉过'])
      assert.ok(!text.includes(secret), secret);

    const xml = parser.parse((await anon().get(`/open311/v2/requests/${id}.xml`)).body);
    const request = xml.service_requests.request[0];
    assert.deepEqual(Object.keys(request).sort(), REQUEST_FIELDS);
    assert.equal(request.service_request_id, id);
    assert.equal(request.status, 'closed');

    const [token] = (await anon().get(`/open311/v2/tokens/${answer.token}.json`)).json();
    assert.deepEqual(token, { service_request_id: id, token: answer.token });
    assert.equal((await anon().get('/open311/v2/tokens/ffffffffffffffffffffffff.json')).statusCode, 404);
  });

  test('requests by filters: ids, service, status, dates; help requests never listed', async () => {
    const created = (
      await post('json', {
        api_key: apiKey,
        service_code: 'part.public.street_light',
        lat: point.lat,
        long: point.lng,
        description: '路灯不亮了两天',
      })
    ).json()[0];
    const byService = (await anon().get('/open311/v2/requests.json?service_code=part.public.street_light')).json();
    assert.ok(
      byService.length > 0 &&
        byService.every((r: { service_code: string }) => r.service_code === 'part.public.street_light'),
    );
    assert.ok(
      byService.some((r: { service_request_id: string }) => r.service_request_id === created.service_request_id),
    );
    const closed = (await anon().get('/open311/v2/requests.json?status=closed')).json();
    assert.ok(closed.every((r: { status: string }) => r.status === 'closed'));
    const open = (await anon().get('/open311/v2/requests.json?status=open')).json();
    assert.ok(open.every((r: { status: string }) => r.status === 'open'));
    const future = (
      await anon().get(`/open311/v2/requests.json?start_date=${encodeURIComponent('2099-01-01T00:00:00+08:00')}`)
    ).json();
    assert.deepEqual(future, []);
    const many = (
      await anon().get(`/open311/v2/requests.json?service_request_id=${created.service_request_id},999999999`)
    ).json();
    assert.deepEqual(
      many.map((r: { service_request_id: string }) => r.service_request_id),
      [created.service_request_id],
    );
    const all = (await anon().get('/open311/v2/requests.json')).json();
    const codes = new Set(all.map((r: { service_code: string }) => r.service_code));
    assert.ok(
      ![...codes].some((c) => String(c).startsWith('community.help')),
      'help requests concern a person and stay private',
    );
    assert.equal((await anon().get('/open311/v2/requests.json?status=maybe')).statusCode, 400);
  });

  test('clients are managed by admins only, and a revoked key stops working', async () => {
    const community = await t.login('community_datieguan');
    assert.equal(
      (await community.post('/api/matters/open311-clients', { name: 'x', divisionId: ix.division('打铁关社区').id }))
        .statusCode,
      403,
    );
    const list = (await admin.get('/api/matters/open311-clients')).json().items;
    assert.ok(list.length >= 1 && !('apiKey' in list[0]), 'the key is not shown again');
    await admin.delete(`/api/matters/open311-clients/${list[0].id}`);
    const res = await post('json', {
      api_key: apiKey,
      service_code: 'part.public.street_light',
      lat: point.lat,
      long: point.lng,
      description: '路灯不亮了两天',
    });
    assert.equal(res.statusCode, 403);
  });
});
