import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Descriptions, Drawer, Empty, Input, Space, Spin, Switch, Table, Tabs, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { refusal, yuan } from '../../shared/oddjobs.ts';
import { QrCode } from '../../shared/QrCode.tsx';
import { formatDateTime } from '../../shared/time.ts';
import { EChart, type ChartOption } from '../components/EChart.tsx';
import { jobfairsApi, jobfairsKeys, type Booth, type FairReport, type Interview, type Signup } from './api.ts';

const FUNNEL = ['signups', 'signins', 'interviews', 'offers', 'hires', 'followupsDone', 'retained'] as const;

/** The door: the rotating signed code (fetched again each minute) and sign-in by sign-up code. */
function Door({ fairId, published }: { fairId: number; published: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [showing, setShowing] = useState(false);
  const [code, setCode] = useState('');
  const door = useQuery({
    queryKey: [...jobfairsKeys.all, 'door', fairId],
    queryFn: () => jobfairsApi.doorCode(fairId),
    enabled: showing && published,
    refetchInterval: 60_000,
  });
  const signIn = useMutation({
    mutationFn: () => jobfairsApi.staffSignIn(fairId, code.trim()),
    onSuccess: () => {
      setCode('');
      void message.success(t('jobfairs.signedIn'));
      void client.invalidateQueries({ queryKey: [...jobfairsKeys.all, 'signups', fairId] });
    },
    onError: (e) => void message.error(refusal(e)),
  });
  if (!published) return null;
  return (
    <Space direction="vertical" style={{ marginBottom: 12 }}>
      <Space wrap>
        <Button onClick={() => setShowing(!showing)} data-testid="door-code">
          {t('jobfairs.showDoorCode')}
        </Button>
        <Input
          placeholder={t('jobfairs.code')}
          value={code}
          onChange={(e) => setCode(e.target.value)}
          style={{ width: 140 }}
        />
        <Button
          type="primary"
          disabled={code.trim().length < 4}
          loading={signIn.isPending}
          onClick={() => signIn.mutate()}
        >
          {t('jobfairs.signInByCode')}
        </Button>
      </Space>
      {showing &&
        (door.data ? (
          <div>
            <QrCode text={door.data.token} label={t('jobfairs.doorCode')} size={240} className="" testId="door-qr" />
            <div>{t('jobfairs.doorCodeHint')}</div>
            <div>{t('jobfairs.validUntil', { time: formatDateTime(door.data.expiresAt).slice(11) })}</div>
          </div>
        ) : (
          <Spin />
        ))}
    </Space>
  );
}

function Signups({ fairId }: { fairId: number }) {
  const { t } = useTranslation();
  const [onlyIn, setOnlyIn] = useState(false);
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const list = useQuery({
    queryKey: [...jobfairsKeys.all, 'signups', fairId, onlyIn, cursor],
    queryFn: () => jobfairsApi.signups(fairId, { signedIn: onlyIn ? 'yes' : undefined, cursor }),
  });
  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Switch
          checked={onlyIn}
          onChange={(v) => {
            setOnlyIn(v);
            setCursors([]);
          }}
        />
        {t('jobfairs.onlySignedIn')}
      </Space>
      <Table<Signup>
        rowKey="id"
        size="small"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        pagination={false}
        locale={{ emptyText: t('jobfairs.none') }}
        columns={[
          { title: t('jobfairs.signupName'), dataIndex: 'name' },
          { title: t('jobfairs.phone'), dataIndex: 'phone' },
          { title: t('jobfairs.code'), dataIndex: 'code' },
          {
            title: t('jobfairs.signedInAt'),
            render: (_, s) =>
              s.signedInAt ? (
                <Space>
                  {formatDateTime(s.signedInAt).slice(11, 16)}
                  <Tag>{t(`jobfairs.via.${s.signedInVia ?? 'qr'}`)}</Tag>
                </Space>
              ) : (
                <Tag>{t('jobfairs.notSignedIn')}</Tag>
              ),
          },
        ]}
      />
      <Space style={{ marginTop: 8 }}>
        {cursors.length > 0 && <Button onClick={() => setCursors(cursors.slice(0, -1))}>{t('jobfairs.back')}</Button>}
        {list.data?.nextCursor && (
          <Button onClick={() => setCursors([...cursors, list.data!.nextCursor!])}>{t('jobfairs.more')}</Button>
        )}
      </Space>
    </>
  );
}

function Interviews({ fairId }: { fairId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const list = useQuery({
    queryKey: [...jobfairsKeys.all, 'interviews', fairId],
    queryFn: () => jobfairsApi.interviews(fairId),
  });
  const decide = useMutation({
    mutationFn: ({ id, outcome }: { id: number; outcome: 'offer' | 'no_offer' }) => jobfairsApi.decide(id, outcome),
    onSuccess: () => client.invalidateQueries({ queryKey: jobfairsKeys.all }),
    onError: (e) => void message.error(refusal(e)),
  });
  return (
    <Table<Interview>
      rowKey="id"
      size="small"
      loading={list.isLoading}
      dataSource={list.data?.items ?? []}
      pagination={false}
      locale={{ emptyText: t('jobfairs.none') }}
      columns={[
        { title: t('jobfairs.seeker'), dataIndex: 'seekerName' },
        { title: t('jobfairs.employer'), render: (_, i) => i.employer.name },
        { title: t('jobfairs.position'), render: (_, i) => i.position.title },
        {
          title: t('jobfairs.outcome'),
          render: (_, i) => (
            <Space>
              <Tag>{t(`jobfairs.outcomes.${i.outcome}`)}</Tag>
              {i.response && (
                <Tag color={i.response === 'accepted' ? 'green' : 'default'}>
                  {t(`jobfairs.responses.${i.response}`)}
                </Tag>
              )}
            </Space>
          ),
        },
        { title: t('jobfairs.hiredOn'), render: (_, i) => i.hiredOn ?? '—' },
        {
          title: '',
          render: (_, i) =>
            i.outcome === 'pending' && (
              <Space>
                <Button size="small" type="primary" onClick={() => decide.mutate({ id: i.id, outcome: 'offer' })}>
                  {t('jobfairs.offer')}
                </Button>
                <Button size="small" onClick={() => decide.mutate({ id: i.id, outcome: 'no_offer' })}>
                  {t('jobfairs.noOffer')}
                </Button>
              </Space>
            ),
        },
      ]}
    />
  );
}

/** The report: the figures, and the way from sign-up to 30 days in work as bars. */
function Report({ fairId }: { fairId: number }) {
  const { t } = useTranslation();
  const report = useQuery({
    queryKey: [...jobfairsKeys.all, 'report', fairId],
    queryFn: () => jobfairsApi.report(fairId),
  });
  if (report.isLoading) return <Spin />;
  const r = report.data;
  if (!r) return <Empty />;
  const items = [
    'signups',
    'signins',
    'booths',
    'positionsOffered',
    'interviews',
    'offers',
    'hires',
    'followupsDone',
    'retained',
  ] as const;
  const option: ChartOption = {
    tooltip: { trigger: 'axis' },
    grid: { left: 110, right: 24, top: 8, bottom: 24 },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: { type: 'category', inverse: true, data: FUNNEL.map((k) => t(`jobfairs.reportItems.${k}`)) },
    series: [
      { type: 'bar', data: FUNNEL.map((k) => r[k as keyof FairReport]), label: { show: true, position: 'right' } },
    ],
  };
  return (
    <>
      <Descriptions size="small" column={3} bordered>
        {items.map((k) => (
          <Descriptions.Item key={k} label={t(`jobfairs.reportItems.${k}`)}>
            <span data-testid={`report-${k}`}>{r[k]}</span>
          </Descriptions.Item>
        ))}
      </Descriptions>
      <div style={{ marginTop: 16 }}>
        <EChart option={option} height={280} ariaLabel={t('jobfairs.report')} />
      </div>
    </>
  );
}

/** One fair: its booths and positions, the door and sign-ins, interviews, and its report. */
export function FairPanel({ fairId, onClose }: { fairId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const fair = useQuery({ queryKey: [...jobfairsKeys.all, 'fair', fairId], queryFn: () => jobfairsApi.get(fairId) });
  const f = fair.data;
  return (
    <Drawer open width={900} title={f?.title ?? t('jobfairs.title')} onClose={onClose}>
      {!f ? (
        <Spin />
      ) : (
        <>
          <Descriptions size="small" column={2} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('jobfairs.division')}>{f.division.name}</Descriptions.Item>
            <Descriptions.Item label={t('jobfairs.place')}>{f.placeName}</Descriptions.Item>
            <Descriptions.Item label={t('jobfairs.time')}>
              {formatDateTime(f.startsAt).slice(0, 16)} – {formatDateTime(f.endsAt).slice(11, 16)}
            </Descriptions.Item>
            <Descriptions.Item label={t('jobfairs.signedUp')}>
              {f.signedUp}/{f.capacity}
            </Descriptions.Item>
          </Descriptions>
          <Tabs
            items={[
              {
                key: 'booths',
                label: t('jobfairs.booths'),
                children: (
                  <Table<Booth>
                    rowKey="id"
                    size="small"
                    dataSource={f.booths}
                    pagination={false}
                    locale={{ emptyText: t('jobfairs.none') }}
                    columns={[
                      { title: t('jobfairs.employer'), render: (_, b) => b.employer.name },
                      {
                        title: t('jobfairs.positions'),
                        render: (_, b) =>
                          b.positions.map((p) => (
                            <div key={p.id}>
                              {p.title} × {p.headcount} · {yuan(p.wageFen)} {t(`jobfairs.units.${p.wageUnit}`)}
                            </div>
                          )),
                      },
                    ]}
                  />
                ),
              },
              {
                key: 'signups',
                label: t('jobfairs.signups'),
                children: (
                  <>
                    <Door fairId={fairId} published={f.status === 'published'} />
                    <Signups fairId={fairId} />
                  </>
                ),
              },
              { key: 'interviews', label: t('jobfairs.interviews'), children: <Interviews fairId={fairId} /> },
              { key: 'report', label: t('jobfairs.report'), children: <Report fairId={fairId} /> },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
