import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, DatePicker, Form, Input, Radio, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { SECOND_BALLOT_RULES, type ScopeKind, type SecondBallot } from '../../shared/deliberation.ts';
import { deliberationCalls, deliberationKeys, deliberationQueries } from '../../shared/query/deliberation.ts';
import { zonedWallClockToIso } from '../../shared/time.ts';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { CommunitySelect, useCommunityOptions, useFirstCommunity } from '../components/CommunitySelect.tsx';

interface VoteForm {
  communityId: number;
  topicId?: number;
  title: string;
  question: string;
  electorate: 'residents' | 'owners';
  scopeKind: ScopeKind;
  buildingIds: number[];
  options: { label: string }[];
  ballotUnit: 'person' | 'household';
  special: boolean;
  allowChange: boolean;
  secondBallot: SecondBallot;
  openNow: boolean;
  noticeAt?: Dayjs;
  opensAt?: Dayjs;
  closesAt: Dayjs;
}

const FIELDS = [
  'communityId',
  'topicId',
  'title',
  'question',
  'electorate',
  'scopeKind',
  'buildingIds',
  'options',
  'ballotUnit',
  'special',
  'allowChange',
  'secondBallot',
  'noticeAt',
  'opensAt',
  'closesAt',
];

/** 发起表决: a question, its electorate (residents or owners of a scope), and notice, opening and closing times. */
export default function VoteFormPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [form] = Form.useForm<VoteForm>();
  const communities = useCommunityOptions();
  useFirstCommunity(form, communities);
  const communityId = Form.useWatch('communityId', form);
  const electorate = Form.useWatch('electorate', form);
  const scopeKind = Form.useWatch('scopeKind', form);
  const openNow = Form.useWatch('openNow', form);
  const [buildingQ, setBuildingQ] = useState('');
  const queryClient = useQueryClient();
  const topics = useQuery({
    ...deliberationQueries.topics({ communityId, limit: 100 }),
    enabled: Boolean(communityId),
  });
  const buildings = useQuery({
    ...deliberationQueries.buildings({ communityId, q: buildingQ || undefined, limit: 50 }),
    enabled: Boolean(communityId) && scopeKind === 'buildings',
  });
  const [busy, setBusy] = useState(false);
  const topicParam = Number(params.get('topicId')) || undefined;

  const submit = async (v: VoteForm) => {
    setBusy(true);
    const now = dayjs();
    try {
      const vote = await deliberationCalls.createVote({
        communityId: v.communityId,
        ...(v.topicId ? { topicId: v.topicId } : {}),
        title: v.title,
        question: v.question,
        electorate: v.electorate,
        scopeKind: v.scopeKind,
        buildingIds: v.scopeKind === 'buildings' ? v.buildingIds : [],
        ...(v.electorate === 'residents'
          ? { options: v.options.map((o, i) => ({ key: `o${i + 1}`, label: o.label })), ballotUnit: v.ballotUnit }
          : { special: v.special }),
        allowChange: v.allowChange,
        secondBallot: v.secondBallot,
        noticeAt: v.openNow ? now.toISOString() : zonedWallClockToIso(v.noticeAt!),
        opensAt: v.openNow ? now.toISOString() : zonedWallClockToIso(v.opensAt!),
        closesAt: zonedWallClockToIso(v.closesAt),
      });
      void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
      message.success(t('deliberation.admin.created'));
      navigate(`/deliberation/votes/${vote.id}`);
    } catch (error) {
      if (!applyServerFieldErrors(form, error, FIELDS)) message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const required = { required: true, message: t('validation.required') };
  return (
    <div className="gz-page">
      <PageHeader title={t('deliberation.admin.newVote')} description={t('deliberation.admin.votesSubtitle')} />
      <Card style={{ maxWidth: 860 }}>
        <Form<VoteForm>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{
            communityId: communities[0]?.value,
            topicId: topicParam,
            electorate: 'owners',
            scopeKind: 'community',
            buildingIds: [],
            options: [{ label: '' }, { label: '' }],
            ballotUnit: 'person',
            special: false,
            allowChange: false,
            secondBallot: 'first_stands',
            openNow: true,
          }}
        >
          <Space size="middle" align="start" wrap>
            <Form.Item name="communityId" label={t('deliberation.fields.community')} rules={[required]}>
              <CommunitySelect />
            </Form.Item>
            <Form.Item name="topicId" label={t('deliberation.fields.topics')}>
              <Select
                allowClear
                style={{ width: 360 }}
                optionFilterProp="label"
                showSearch
                loading={topics.isFetching}
                options={(topics.data?.items ?? [])
                  .filter((x) => ['on_agenda', 'voting', 'decided'].includes(x.status))
                  .map((x) => ({ value: x.id, label: x.title }))}
                onChange={(id) => {
                  const topic = topics.data?.items.find((x) => x.id === id);
                  if (topic && !form.getFieldValue('title')) form.setFieldValue('title', topic.title);
                }}
              />
            </Form.Item>
          </Space>
          <Form.Item name="title" label={t('deliberation.fields.title')} rules={[{ ...required, min: 2 }]}>
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="question" label={t('deliberation.fields.question')} rules={[{ ...required, min: 4 }]}>
            <Input.TextArea rows={3} maxLength={2000} showCount />
          </Form.Item>
          <Form.Item name="electorate" label={t('deliberation.fields.electorate')}>
            <Radio.Group
              optionType="button"
              buttonStyle="solid"
              options={[
                { value: 'owners', label: t('deliberation.electorate.owners') },
                { value: 'residents', label: t('deliberation.electorate.residents') },
              ]}
            />
          </Form.Item>
          <Space size="middle" align="start" wrap>
            <Form.Item name="scopeKind" label={t('deliberation.fields.scope')}>
              <Radio.Group
                options={[
                  { value: 'community', label: t('deliberation.scope.community') },
                  { value: 'buildings', label: t('deliberation.scope.buildings') },
                ]}
              />
            </Form.Item>
            {scopeKind === 'buildings' && (
              <Form.Item
                name="buildingIds"
                label={t('deliberation.fields.buildings')}
                rules={[{ required: true, type: 'array', min: 1, message: t('validation.required') }]}
              >
                <Select
                  mode="multiple"
                  style={{ width: 380 }}
                  showSearch
                  filterOption={false}
                  onSearch={setBuildingQ}
                  loading={buildings.isFetching}
                  options={(buildings.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }))}
                  aria-label={t('deliberation.fields.buildings')}
                />
              </Form.Item>
            )}
          </Space>
          {electorate === 'owners' ? (
            <>
              <Alert type="info" showIcon title={t('deliberation.admin.ownersOptions')} style={{ marginBottom: 16 }} />
              <Form.Item name="special" valuePropName="checked" extra={t('deliberation.admin.specialHint')}>
                <Checkbox>{t('deliberation.fields.special')}</Checkbox>
              </Form.Item>
            </>
          ) : (
            <>
              <Form.Item label={t('deliberation.fields.options')} required>
                <Form.List name="options">
                  {(fields, { add, remove }) => (
                    <>
                      {fields.map((field, i) => (
                        <Space key={field.key} align="baseline">
                          <Form.Item
                            name={[field.name, 'label']}
                            rules={[{ required: true, message: t('validation.required') }]}
                          >
                            <Input
                              placeholder={`${t('deliberation.admin.optionLabel')} ${i + 1}`}
                              maxLength={60}
                              style={{ width: 320 }}
                            />
                          </Form.Item>
                          {fields.length > 2 && <MinusCircleOutlined onClick={() => remove(field.name)} />}
                        </Space>
                      ))}
                      {fields.length < 10 && (
                        <Button type="dashed" icon={<PlusOutlined />} onClick={() => add({ label: '' })}>
                          {t('deliberation.admin.addOption')}
                        </Button>
                      )}
                    </>
                  )}
                </Form.List>
              </Form.Item>
              <Form.Item name="ballotUnit" label={t('deliberation.fields.ballotUnit')}>
                <Radio.Group
                  options={(['person', 'household'] as const).map((u) => ({
                    value: u,
                    label: t(`deliberation.ballotUnit.${u}`),
                  }))}
                />
              </Form.Item>
            </>
          )}
          <Form.Item name="allowChange" valuePropName="checked">
            <Checkbox>{t('deliberation.fields.allowChange')}</Checkbox>
          </Form.Item>
          <Form.Item name="secondBallot" label={t('voteChannels.secondBallot.label')}>
            <Radio.Group
              options={SECOND_BALLOT_RULES.map((r) => ({ value: r, label: t(`voteChannels.secondBallot.${r}`) }))}
              style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
            />
          </Form.Item>
          <Form.Item name="openNow" valuePropName="checked">
            <Checkbox>{t('deliberation.admin.openNow')}</Checkbox>
          </Form.Item>
          <Space size="middle" wrap>
            {!openNow && (
              <>
                <Form.Item name="noticeAt" label={t('deliberation.fields.noticeAt')} rules={[required]}>
                  <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                </Form.Item>
                <Form.Item name="opensAt" label={t('deliberation.fields.opensAt')} rules={[required]}>
                  <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
                </Form.Item>
              </>
            )}
            <Form.Item name="closesAt" label={t('deliberation.fields.closesAt')} rules={[required]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="closes-at" />
            </Form.Item>
          </Space>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} size="large">
              {t('deliberation.admin.newVote')}
            </Button>
          </Form.Item>
        </Form>
      </Card>
    </div>
  );
}
