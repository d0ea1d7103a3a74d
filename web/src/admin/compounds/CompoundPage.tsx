import { statusLabel } from '../../shared/matters.ts';
import { deliberationQueries } from '../../shared/query/deliberation.ts';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Form,
  Input,
  InputNumber,
  List,
  Row,
  Select,
  Space,
  Tag,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { type Compound, compoundsApi, compoundsKeys, MEMBER_ROLES } from '../../shared/compounds.ts';
import { LoadError } from '../components/LoadError.tsx';
import { PageHeader } from '../components/PageHeader.tsx';
import { CompoundFormModal } from './CompoundFormModal.tsx';
import {
  AlarmsCard,
  RemoveButton,
  DisputesCard,
  DocumentsCard,
  HistoryCard,
  type Saver,
  VotesCard,
} from './CompoundRecords.tsx';

function CommitteeCard({ c, save }: { c: Compound; save: Saver }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ name: string; role: (typeof MEMBER_ROLES)[number]; phone?: string }>();
  const k = c.committee;
  return (
    <Card title={t('compounds.committee.title')} data-testid="compound-committee">
      {k.warning !== 'none' && (
        <Alert
          type={k.warning === 'unknown' ? 'info' : k.warning === 'ended' ? 'error' : 'warning'}
          showIcon
          message={t(`compounds.committee.warnings.${k.warning}`)}
          style={{ marginBottom: 12 }}
          data-testid="committee-warning"
        />
      )}
      {k.termEnd && <div>{t('compounds.committee.term', { start: k.termStart ?? '—', end: k.termEnd })}</div>}
      {k.electedOn && <div>{t('compounds.committee.electedOn', { date: k.electedOn })}</div>}
      <List
        size="small"
        dataSource={k.members}
        locale={{ emptyText: t('compounds.noneYet') }}
        renderItem={(m) => (
          <List.Item
            actions={
              c.canManage
                ? [
                    <RemoveButton
                      key="remove"
                      confirm={t('compounds.committee.removeConfirm', { name: m.name })}
                      onConfirm={() => void save(() => compoundsApi.removeMember(c.id, m.id))}
                    />,
                  ]
                : []
            }
          >
            <Space>
              <Tag color={m.role === 'director' ? 'red' : 'default'}>{t(`compounds.committee.roles.${m.role}`)}</Tag>
              {m.name}
              {m.phone && <span>{m.phone}</span>}
            </Space>
          </List.Item>
        )}
      />
      {c.canManage && (
        <Form
          form={form}
          layout="inline"
          initialValues={{ role: 'member' }}
          onFinish={(v) =>
            void save(() => compoundsApi.addMember(c.id, { name: v.name, role: v.role, phone: v.phone || null })).then(
              (ok) => ok && form.resetFields(),
            )
          }
        >
          <Form.Item name="name" rules={[{ required: true, max: 40 }]}>
            <Input placeholder={t('compounds.committee.memberName')} style={{ width: 100 }} data-testid="member-name" />
          </Form.Item>
          <Form.Item name="role">
            <Select
              style={{ width: 100 }}
              options={MEMBER_ROLES.map((r) => ({ value: r, label: t(`compounds.committee.roles.${r}`) }))}
            />
          </Form.Item>
          <Form.Item name="phone">
            <Input placeholder={t('compounds.committee.phone')} style={{ width: 130 }} />
          </Form.Item>
          <Button htmlType="submit">{t('compounds.committee.addMember')}</Button>
        </Form>
      )}
    </Card>
  );
}

function PropertyCard({ c, save }: { c: Compound; save: Saver }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{
    companyName: string;
    contact?: string;
    startsOn: Dayjs;
    endsOn?: Dayjs;
    fee?: number;
  }>();
  return (
    <Card title={t('compounds.property.title')} data-testid="compound-property">
      <List
        size="small"
        dataSource={c.contracts}
        locale={{ emptyText: t('compounds.noneYet') }}
        renderItem={(k) => (
          <List.Item>
            <Space direction="vertical" size={0}>
              <Space>
                <Tag color={k.current ? 'green' : 'default'}>
                  {k.current ? t('compounds.property.current') : t('compounds.property.previous')}
                </Tag>
                <b>{k.companyName}</b>
                {k.contact && <span>{k.contact}</span>}
                {k.phone && <span>{k.phone}</span>}
              </Space>
              <span>
                {t('compounds.property.contract', {
                  start: k.startsOn,
                  end: k.endsOn ?? t('compounds.property.noEnd'),
                })}
                {k.feeFen !== null && ` · ${t('compounds.property.fee', { fee: (k.feeFen / 100).toFixed(2) })}`}
              </span>
            </Space>
          </List.Item>
        )}
      />
      {c.canManage && (
        <Form
          form={form}
          layout="inline"
          onFinish={(v) =>
            void save(() =>
              compoundsApi.addContract(c.id, {
                companyName: v.companyName,
                contact: v.contact ?? '',
                startsOn: v.startsOn.format('YYYY-MM-DD'),
                endsOn: v.endsOn ? v.endsOn.format('YYYY-MM-DD') : null,
                feeFen: v.fee === undefined || v.fee === null ? null : Math.round(v.fee * 100),
              }),
            ).then((ok) => ok && form.resetFields())
          }
        >
          <Form.Item name="companyName" rules={[{ required: true, max: 80 }]}>
            <Input placeholder={t('compounds.propertyCompany')} style={{ width: 140 }} />
          </Form.Item>
          <Form.Item name="contact">
            <Input placeholder={t('compounds.property.contact')} style={{ width: 90 }} />
          </Form.Item>
          <Form.Item name="startsOn" rules={[{ required: true }]}>
            <DatePicker placeholder={t('compounds.property.startsOn')} />
          </Form.Item>
          <Form.Item name="endsOn">
            <DatePicker placeholder={t('compounds.property.endsOn')} />
          </Form.Item>
          <Form.Item name="fee">
            <InputNumber min={0} step={0.1} placeholder={t('compounds.property.feeYuan')} style={{ width: 150 }} />
          </Form.Item>
          <Button htmlType="submit">{t('compounds.property.addContract')}</Button>
        </Form>
      )}
    </Card>
  );
}

/** Links a meeting of the compound's community, picked from its latest meetings. */
function MeetingLinker({ c, save }: { c: Compound; save: Saver }) {
  const { t } = useTranslation();
  const [meetingId, setMeetingId] = useState<number | null>(null);
  const meetings = useQuery(deliberationQueries.meetings({ communityId: c.community.id, limit: 50 }));
  const linked = new Set(c.meetings.map((m) => m.id));
  return (
    <Space.Compact style={{ marginTop: 8 }}>
      <Select
        showSearch
        optionFilterProp="label"
        loading={meetings.isLoading}
        placeholder={t('compounds.meetings.pick')}
        value={meetingId}
        onChange={setMeetingId}
        style={{ width: 280 }}
        data-testid="meeting-pick"
        options={(meetings.data?.items ?? [])
          .filter((m) => !linked.has(m.id))
          .map((m) => ({
            value: m.id,
            label: `${m.title} · ${new Date(m.startsAt).toLocaleDateString()}`,
          }))}
      />
      <Button
        disabled={!meetingId}
        onClick={() =>
          meetingId && void save(() => compoundsApi.linkMeeting(c.id, meetingId)).then((ok) => ok && setMeetingId(null))
        }
      >
        {t('compounds.meetings.link')}
      </Button>
    </Space.Compact>
  );
}

/**
 * A compound's page (一小区一档案): buildings, committee, property company, meetings, history and
 * documents; and what other modules hold about it: matters, votes, disputes, alarms.
 */
export default function CompoundPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const client = useQueryClient();
  const id = Number(useParams().id);
  const query = useQuery({ queryKey: [...compoundsKeys.all, 'one', id], queryFn: () => compoundsApi.get(id) });
  const [editing, setEditing] = useState(false);
  if (query.error) return <LoadError error={query.error} onRetry={() => void query.refetch()} />;
  const c = query.data;
  if (!c) return <Card loading />;
  const save: Saver = async (call) => {
    try {
      client.setQueryData([...compoundsKeys.all, 'one', id], await call());
      void client.invalidateQueries({ queryKey: [...compoundsKeys.all, 'list'] });
      message.success(t('compounds.saved'));
      return true;
    } catch (error) {
      message.error(errorMessage(error));
      return false;
    }
  };
  return (
    <>
      <PageHeader
        title={c.name}
        description={`${c.community.name} · ${t(`compounds.kinds.${c.kind}`)}${c.address ? ` · ${c.address}` : ''}`}
        extra={
          <Space>
            {c.canManage && (
              <Button onClick={() => setEditing(true)} data-testid="compound-edit">
                {t('compounds.edit')}
              </Button>
            )}
            <Button onClick={() => navigate('/compounds')}>{t('compounds.back')}</Button>
          </Space>
        }
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <CommitteeCard c={c} save={save} />
        </Col>
        <Col xs={24} lg={12}>
          <PropertyCard c={c} save={save} />
        </Col>
        <Col xs={24} lg={12}>
          <Card title={t('compounds.meetings.title')} data-testid="compound-meetings">
            <List
              size="small"
              dataSource={c.meetings}
              locale={{ emptyText: t('compounds.noneYet') }}
              renderItem={(m) => (
                <List.Item>
                  <Space>
                    <b>{m.title}</b>
                    <span>{new Date(m.startsAt).toLocaleString()}</span>
                    <Tag>{t(`deliberation.meetingStatus.${m.status}`)}</Tag>
                  </Space>
                </List.Item>
              )}
            />
            {c.canManage && <MeetingLinker c={c} save={save} />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            title={c.matters.near ? t('compounds.matters.title') : t('compounds.matters.titleCommunity')}
            data-testid="compound-matters"
          >
            <div style={{ color: '#888' }}>
              {c.matters.near ? t('compounds.matters.near') : t('compounds.matters.community')}
            </div>
            <div>{t('compounds.matters.counts', { total: c.matters.total, open: c.matters.open })}</div>
            <List
              size="small"
              dataSource={c.matters.latest}
              locale={{ emptyText: t('compounds.noneYet') }}
              renderItem={(m) => (
                <List.Item>
                  <Space>
                    <a onClick={() => navigate(`/matters/${m.id}`)}>{m.code}</a>
                    <span>{m.description}</span>
                    <Tag>{statusLabel(t, m.status)}</Tag>
                  </Space>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <VotesCard c={c} />
        </Col>
        {c.disputes && (
          <Col xs={24} lg={12}>
            <DisputesCard disputes={c.disputes} />
          </Col>
        )}
        {c.alarms && (
          <Col xs={24} lg={12}>
            <AlarmsCard alarms={c.alarms} />
          </Col>
        )}
        <Col xs={24} lg={12}>
          <HistoryCard c={c} save={save} />
        </Col>
        <Col xs={24} lg={12}>
          <DocumentsCard c={c} save={save} />
        </Col>
        <Col xs={24}>
          <Card title={t('compounds.buildings')} data-testid="compound-buildings">
            <Space wrap>
              {c.buildingList.length === 0
                ? t('compounds.noneYet')
                : c.buildingList.map((b) => <Tag key={b.id}>{b.name}</Tag>)}
            </Space>
          </Card>
        </Col>
      </Row>
      {editing && (
        <CompoundFormModal
          editing={c}
          onClose={() => setEditing(false)}
          onSaved={(saved) => {
            setEditing(false);
            client.setQueryData([...compoundsKeys.all, 'one', id], saved);
            void client.invalidateQueries({ queryKey: [...compoundsKeys.all, 'list'] });
          }}
        />
      )}
    </>
  );
}
