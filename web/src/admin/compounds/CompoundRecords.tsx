import { DeleteOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Image, Input, List, Popconfirm, Select, Space, Tag, Timeline } from 'antd';
import type { UploadFile } from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { type Compound, compoundsApi, DOCUMENT_KINDS } from '../../shared/compounds.ts';
import { PhotoUpload, photoFileList, photosStillUploading, photoTokens } from '../matters/PhotoUpload.tsx';
import { AlarmStatusTag, SeverityTag } from '../devices/tags.tsx';
import { alarmTypeLabel } from '../../shared/iot.ts';

export type Saver = (call: () => Promise<Compound>) => Promise<boolean>;

/** A small bin button that asks before it removes a line of the file. */
export function RemoveButton({ confirm, onConfirm }: { confirm: string; onConfirm: () => void }) {
  const { t } = useTranslation();
  return (
    <Popconfirm title={confirm} onConfirm={onConfirm}>
      <Button size="small" type="text" icon={<DeleteOutlined />} aria-label={t('compounds.remove')} />
    </Popconfirm>
  );
}

/** Votes of the community or of the compound's buildings, newest first. */
export function VotesCard({ c }: { c: Compound }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Card title={t('compounds.votes.title')} data-testid="compound-votes">
      <List
        size="small"
        dataSource={c.votes}
        locale={{ emptyText: t('compounds.noneYet') }}
        renderItem={(v) => (
          <List.Item>
            <Space wrap>
              <a onClick={() => navigate(`/deliberation/votes/${v.id}`)}>{v.title}</a>
              <Tag>{t(`deliberation.votePhase.${v.phase}`)}</Tag>
              <span>{t('compounds.votes.ballots', { ballots: v.ballots, voters: v.voters })}</span>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** The community's disputes under mediation; hidden from those who may not read them. */
export function DisputesCard({ disputes }: { disputes: NonNullable<Compound['disputes']> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Card title={t('compounds.disputes.title')} data-testid="compound-disputes">
      <div>{t('compounds.disputes.open', { count: disputes.open })}</div>
      <List
        size="small"
        dataSource={disputes.latest}
        locale={{ emptyText: t('compounds.noneYet') }}
        renderItem={(k) => (
          <List.Item>
            <Space wrap>
              <a onClick={() => navigate(`/mediation/cases/${k.id}`)}>{k.code}</a>
              <span>{k.summary}</span>
              <Tag>{k.statusName}</Tag>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** Alarms of devices in the compound's buildings. */
export function AlarmsCard({ alarms }: { alarms: NonNullable<Compound['alarms']> }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Card
      title={t('compounds.alarms.title')}
      extra={<a onClick={() => navigate('/alarms')}>{t('compounds.alarms.all')}</a>}
      data-testid="compound-alarms"
    >
      <List
        size="small"
        dataSource={alarms}
        locale={{ emptyText: t('compounds.alarms.none') }}
        renderItem={(a) => (
          <List.Item>
            <Space wrap>
              <SeverityTag severity={a.severity} />
              <b>{alarmTypeLabel(t, a.type)}</b>
              <span>{a.deviceName}</span>
              <AlarmStatusTag status={a.status} />
              <span>{new Date(a.startedAt).toLocaleString()}</span>
            </Space>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** The compound's history (大事记), oldest first. */
export function HistoryCard({ c, save }: { c: Compound; save: Saver }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ happenedOn: Dayjs; title: string; note?: string }>();
  return (
    <Card title={t('compounds.history.title')} data-testid="compound-history">
      {c.history.length === 0 ? (
        <div style={{ marginBottom: 12 }}>{t('compounds.noneYet')}</div>
      ) : (
        <Timeline
          items={c.history.map((h) => ({
            key: h.id,
            children: (
              <Space align="start">
                <span>
                  <b>{h.happenedOn}</b> {h.title}
                  {h.note && <div style={{ color: '#888' }}>{h.note}</div>}
                </span>
                {c.canManage && (
                  <RemoveButton
                    confirm={t('compounds.history.removeConfirm')}
                    onConfirm={() => void save(() => compoundsApi.removeHistory(c.id, h.id))}
                  />
                )}
              </Space>
            ),
          }))}
        />
      )}
      {c.canManage && (
        <Form
          form={form}
          layout="inline"
          onFinish={(v) =>
            void save(() =>
              compoundsApi.addHistory(c.id, {
                happenedOn: v.happenedOn.format('YYYY-MM-DD'),
                title: v.title,
                note: v.note ?? '',
              }),
            ).then((ok) => ok && form.resetFields())
          }
        >
          <Form.Item name="happenedOn" rules={[{ required: true }]}>
            <DatePicker placeholder={t('compounds.history.happenedOn')} />
          </Form.Item>
          <Form.Item name="title" rules={[{ required: true, max: 80 }]}>
            <Input placeholder={t('compounds.history.event')} style={{ width: 160 }} data-testid="history-title" />
          </Form.Item>
          <Form.Item name="note" rules={[{ max: 500 }]}>
            <Input placeholder={t('compounds.history.note')} style={{ width: 160 }} />
          </Form.Item>
          <Button htmlType="submit">{t('compounds.history.add')}</Button>
        </Form>
      )}
    </Card>
  );
}

/** Documents kept as photographed pages (管理规约, 议事规则, 物业合同 …). */
export function DocumentsCard({ c, save }: { c: Compound; save: Saver }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{
    kind: (typeof DOCUMENT_KINDS)[number];
    title: string;
    signedOn?: Dayjs;
    pages?: UploadFile[];
  }>();
  const pages = Form.useWatch('pages', form);
  return (
    <Card title={t('compounds.documents.title')} data-testid="compound-documents">
      <List
        size="small"
        dataSource={c.documents}
        locale={{ emptyText: t('compounds.noneYet') }}
        renderItem={(d) => (
          <List.Item
            actions={
              c.canManage
                ? [
                    <RemoveButton
                      key="remove"
                      confirm={t('compounds.documents.removeConfirm')}
                      onConfirm={() => void save(() => compoundsApi.removeDocument(c.id, d.id))}
                    />,
                  ]
                : []
            }
          >
            <Space direction="vertical" size={4}>
              <Space wrap>
                <Tag color="blue">{t(`compounds.documents.kinds.${d.kind}`)}</Tag>
                <b>{d.title}</b>
                {d.signedOn && <span>{t('compounds.documents.signed', { date: d.signedOn })}</span>}
                <span>{t('compounds.documents.pages', { count: d.pages.length })}</span>
              </Space>
              <Image.PreviewGroup>
                <Space wrap size={4}>
                  {d.pages.map((p) => (
                    <Image key={p.url} src={p.thumbnailUrl} preview={{ src: p.url }} width={56} height={56} />
                  ))}
                </Space>
              </Image.PreviewGroup>
            </Space>
          </List.Item>
        )}
      />
      {c.canManage && (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'owners_rules' }}
          onFinish={(v) =>
            void save(() =>
              compoundsApi.addDocument(c.id, {
                kind: v.kind,
                title: v.title,
                signedOn: v.signedOn ? v.signedOn.format('YYYY-MM-DD') : null,
                pages: photoTokens(v.pages),
              }),
            ).then((ok) => ok && form.resetFields())
          }
        >
          <Space wrap align="start">
            <Form.Item name="kind" label={t('compounds.documents.kind')}>
              <Select
                style={{ width: 130 }}
                options={DOCUMENT_KINDS.map((k) => ({ value: k, label: t(`compounds.documents.kinds.${k}`) }))}
              />
            </Form.Item>
            <Form.Item name="title" label={t('compounds.documents.name')} rules={[{ required: true, max: 80 }]}>
              <Input style={{ width: 160 }} data-testid="document-title" />
            </Form.Item>
            <Form.Item name="signedOn" label={t('compounds.documents.signedOn')}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item
            name="pages"
            label={t('compounds.documents.photos')}
            valuePropName="value"
            getValueFromEvent={photoFileList}
            rules={[{ required: true, message: t('compounds.documents.photosRequired') }]}
          >
            <PhotoUpload />
          </Form.Item>
          <Button htmlType="submit" disabled={photosStillUploading(pages)}>
            {t('compounds.documents.add')}
          </Button>
        </Form>
      )}
    </Card>
  );
}
