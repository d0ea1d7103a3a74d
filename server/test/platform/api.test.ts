import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { configDescriptions } from '../../src/config.ts';
import { startTestApp, type TestApp } from '../support/harness.ts';
import fs from 'node:fs';
import path from 'node:path';
import { serverRoot } from '../support/template.ts';

describe('API surface', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp();
  });
  after(() => t.close());

  test('every API route is in the OpenAPI document', async () => {
    // The route table comes from Fastify itself, so a new undocumented route fails here.
    const doc = (await t.anonymous().get('/api/openapi.json')).json();
    assert.equal(doc.openapi, '3.1.0');
    const documented = new Set<string>();
    for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops))
        documented.add(`${method.toUpperCase()} ${p.replace(/\{([\w*]+)\}/g, ':$1')}`);
    }
    const api = t.app.routeTable.filter(
      (r) => r.method !== 'HEAD' && /^\/(api|open311)\//.test(r.url) && !r.url.startsWith('/api/docs'),
    );
    const undocumented = api.filter((r) => !documented.has(`${r.method} ${r.url}`) && r.url !== '/api/openapi.json');
    assert.ok(api.length >= 30, `found ${api.length} API routes`);
    assert.deepEqual(undocumented, []);
    // Non-API routes (the web app, static files) are the only hidden ones.
    const hiddenApi = t.app.routeTable.filter(
      (r) =>
        r.hidden && /^\/(api|open311)\//.test(r.url) && !r.url.startsWith('/api/docs') && r.url !== '/api/openapi.json',
    );
    assert.deepEqual(hiddenApi, []);
  });

  test('the schemas modules export are named components, referenced by the routes', async () => {
    const doc = (await t.anonymous().get('/api/openapi.json')).json();
    const components = doc.components.schemas as Record<string, unknown>;
    for (const name of [
      'MatterDetail',
      'MatterListItem',
      'CaseDetail',
      'VoteView',
      'CareRuleView',
      'DevicesRuleView',
      'ErrorBody',
    ]) {
      assert.ok(components[name], `component ${name}`);
    }
    const detail = doc.paths['/api/matters/{id}'].get.responses['200'].content['application/json'].schema;
    assert.deepEqual(detail, { $ref: '#/components/schemas/MatterDetail' });
    const report = doc.paths['/api/matters'].post.requestBody.content['application/json'].schema;
    assert.match(report.$ref, /^#\/components\/schemas\/ReportBody/);
    // Every $ref points at a component that exists.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]!);
    assert.deepEqual(
      [...new Set(refs)].filter((name) => !components[name]),
      [],
    );
  });

  test('docs are served at /api/docs', async () => {
    const res = await t.anonymous().get('/api/docs/');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /swagger/i);
  });

  test('health says the database answers', async () => {
    const res = await t.anonymous().get('/api/health');
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().status, 'ok');
    assert.equal(res.json().database.ok, true);
    assert.equal(res.json().database.kind, process.env.DATABASE_URL ? 'postgres' : 'pglite');
  });

  test('unknown routes, broken JSON and oversized bodies answer in the one error shape', async () => {
    const unknown = await t.anonymous().get('/api/nothing-here');
    assert.equal(unknown.statusCode, 404);
    assert.equal(unknown.json().error.code, 'not_found');
    const broken = await t.anonymous().raw({
      method: 'POST',
      url: '/api/auth/login',
      payload: '{"username":',
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(broken.statusCode, 400);
    assert.equal(broken.json().error.code, 'bad_request');
    const huge = await t.anonymous().raw({
      method: 'POST',
      url: '/api/auth/login',
      payload: JSON.stringify({ username: 'x'.repeat(2_000_000), password: 'y' }),
      headers: { 'content-type': 'application/json' },
    });
    assert.equal(huge.statusCode, 413);
    assert.equal(huge.json().error.code, 'payload_too_large');
  });

  test('every setting in config.ts is described in the README', () => {
    const readme = fs.readFileSync(path.join(serverRoot, '..', 'README.md'), 'utf8');
    const missing = Object.keys(configDescriptions).filter((key) => !readme.includes(`\`${key}\``));
    assert.deepEqual(missing, []);
  });
});
