import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { PARTY_ROLES, RISKS, parseYuan, type PartyRole, type Risk } from '../../shared/mediation.ts';
import { mediationCalls, mediationKeys, mediationQueries } from '../../shared/query/mediation.ts';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { CommunitySelect, useCommunityOptions, useFirstCommunity } from '../components/CommunitySelect.tsx';
import { useCatalogue } from './tags.tsx';

interface PartyForm {
  role: PartyRole;
  kind: 'person' | 'organisation';
  name: string;
  idNumber?: string;
  phone?: string;
  address?: string;
}

interface IntakeForm {
  communityId: number;
  studioId?: number;
  category: string;
  summary: string;
  facts: string;
  issues: string;
  amountYuan?: string;
  peopleCount?: number;
  risk: Risk;
  groupDispute: boolean;
  parties: PartyForm[];
}

/** 受理案件: a case taken directly (walk-in, phone), with its parties; a mediator who opens one takes it. */
export default function CaseIntakePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const catalogue = useCatalogue();
  const communities = useCommunityOptions();
  const queryClient = useQueryClient();
  const studios = useQuery(mediationQueries.studios());
  const [form] = Form.useForm<IntakeForm>();
  useFirstCommunity(form, communities);
  const [busy, setBusy] = useState(false);

  const submit = async (v: IntakeForm) => {
    setBusy(true);
    try {
      const created = await mediationCalls.createCase({
        communityId: v.communityId,
        ...(v.studioId ? { studioId: v.studioId } : {}),
        category: v.category,
        summary: v.summary,
        facts: v.facts ?? '',
        issues: v.issues ?? '',
        amountFen: parseYuan(v.amountYuan ?? '0') ?? 0,
        ...(v.peopleCount ? { peopleCount: v.peopleCount } : {}),
        risk: v.risk,
        groupDispute: v.groupDispute,
        parties: v.parties.map((p) => ({
          role: p.role,
          kind: p.kind,
          name: p.name,
          ...(p.idNumber?.trim() ? { idNumber: p.idNumber.trim() } : {}),
          ...(p.phone?.trim() ? { phone: p.phone.trim() } : {}),
          address: p.address ?? '',
        })),
      });
      void queryClient.invalidateQueries({ queryKey: mediationKeys.all });
      message.success(t('mediation.intake.created', { code: created.code }));
      navigate(`/mediation/cases/${created.id}`);
    } catch (error) {
      if (
        !applyServerFieldErrors(form, error, [
          'communityId',
          'studioId',
          'category',
          'summary',
          'facts',
          'issues',
          'peopleCount',
          'risk',
        ])
      )
        message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  const required = { required: true, message: t('validation.required') };
  return (
    <div className="gz-page">
      <PageHeader title={t('mediation.intake.title')} description={t('mediation.intake.subtitle')} />
      <Form<IntakeForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{
          communityId: communities[0]?.value,
          risk: 'low',
          groupDispute: false,
          parties: [
            { role: 'applicant', kind: 'person' },
            { role: 'respondent', kind: 'person' },
          ],
        }}
      >
        <Row gutter={16}>
          <Col xs={24} xl={12}>
            <Card title={t('mediation.detail.overview')}>
              <Space wrap size="middle" align="start">
                <Form.Item name="communityId" label={t('mediation.fields.community')} rules={[required]}>
                  <CommunitySelect />
                </Form.Item>
                <Form.Item name="studioId" label={t('mediation.fields.studio')}>
                  <Select
                    allowClear
                    style={{ width: 200 }}
                    options={studios.data?.items.filter((s) => s.active).map((s) => ({ value: s.id, label: s.name }))}
                  />
                </Form.Item>
                <Form.Item name="category" label={t('mediation.fields.category')} rules={[required]}>
                  <Select
                    style={{ width: 180 }}
                    options={catalogue.data?.categories.map((c) => ({ value: c.code, label: c.name }))}
                    loading={catalogue.isFetching}
                  />
                </Form.Item>
              </Space>
              <Form.Item name="summary" label={t('mediation.fields.summary')} rules={[{ ...required, min: 2 }]}>
                <Input maxLength={200} showCount />
              </Form.Item>
              <Form.Item name="facts" label={t('mediation.fields.facts')}>
                <Input.TextArea rows={4} maxLength={5000} />
              </Form.Item>
              <Form.Item name="issues" label={t('mediation.fields.issues')}>
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
              <Space wrap size="middle" align="start">
                <Form.Item
                  name="amountYuan"
                  label={t('mediation.fields.amount')}
                  rules={[
                    {
                      validator: (_r, value: string | undefined) =>
                        !value || parseYuan(value) !== undefined
                          ? Promise.resolve()
                          : Promise.reject(new Error(t('mediation.intake.amountRule'))),
                    },
                  ]}
                >
                  <Input prefix="¥" style={{ width: 180 }} inputMode="decimal" />
                </Form.Item>
                <Form.Item name="peopleCount" label={t('mediation.fields.people')}>
                  <InputNumber min={1} max={1000000} style={{ width: 120 }} />
                </Form.Item>
                <Form.Item name="risk" label={t('mediation.fields.risk')}>
                  <Radio.Group
                    optionType="button"
                    options={RISKS.map((r) => ({ value: r, label: t(`mediation.risk.${r}`) }))}
                  />
                </Form.Item>
              </Space>
              <Form.Item
                name="groupDispute"
                label={t('mediation.fields.group')}
                valuePropName="checked"
                extra={t('mediation.intake.groupHint')}
              >
                <Switch />
              </Form.Item>
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card title={t('mediation.fields.parties')}>
              <Form.List
                name="parties"
                rules={[
                  {
                    validator: async (_r, parties: PartyForm[] | undefined) => {
                      if (!parties || parties.length === 0) throw new Error(t('mediation.intake.partiesRule'));
                      if (!parties.some((p) => p?.role === 'applicant'))
                        throw new Error(t('mediation.intake.applicantRule'));
                    },
                  },
                ]}
              >
                {(fields, { add, remove }, { errors }) => (
                  <>
                    {fields.map((field, i) => (
                      <Card
                        key={field.key}
                        size="small"
                        style={{ marginBottom: 12 }}
                        title={`${t('mediation.fields.parties')} ${i + 1}`}
                        extra={
                          fields.length > 1 && (
                            <MinusCircleOutlined onClick={() => remove(field.name)} aria-label={t('common.delete')} />
                          )
                        }
                        data-testid={`party-${i}`}
                      >
                        <Space wrap size="middle" align="start">
                          <Form.Item name={[field.name, 'role']} label={t('mediation.fields.role')} rules={[required]}>
                            <Select
                              style={{ width: 120 }}
                              options={PARTY_ROLES.map((r) => ({ value: r, label: t(`mediation.partyRole.${r}`) }))}
                            />
                          </Form.Item>
                          <Form.Item name={[field.name, 'kind']} label={t('mediation.fields.kind')}>
                            <Radio.Group
                              options={(['person', 'organisation'] as const).map((k) => ({
                                value: k,
                                label: t(`mediation.partyKind.${k}`),
                              }))}
                            />
                          </Form.Item>
                        </Space>
                        <Space wrap size="middle" align="start">
                          <Form.Item name={[field.name, 'name']} label={t('mediation.fields.name')} rules={[required]}>
                            <Input maxLength={80} style={{ width: 180 }} />
                          </Form.Item>
                          <Form.Item name={[field.name, 'phone']} label={t('mediation.fields.phone')}>
                            <Input maxLength={30} style={{ width: 160 }} />
                          </Form.Item>
                          <Form.Item name={[field.name, 'idNumber']} label={t('mediation.fields.idNumber')}>
                            <Input maxLength={30} style={{ width: 210 }} />
                          </Form.Item>
                        </Space>
                        <Form.Item
                          name={[field.name, 'address']}
                          label={t('mediation.fields.address')}
                          style={{ marginBottom: 0 }}
                        >
                          <Input maxLength={200} />
                        </Form.Item>
                      </Card>
                    ))}
                    <Button
                      type="dashed"
                      block
                      icon={<PlusOutlined />}
                      onClick={() => add({ role: 'third_party', kind: 'person' })}
                    >
                      {t('mediation.intake.addParty')}
                    </Button>
                    <Form.ErrorList errors={errors} />
                  </>
                )}
              </Form.List>
            </Card>
            <div style={{ marginTop: 16, textAlign: 'right' }}>
              <Typography.Text type="secondary" style={{ marginRight: 16 }}>
                {t('mediation.intake.subtitle')}
              </Typography.Text>
              <Button type="primary" size="large" htmlType="submit" loading={busy}>
                {t('mediation.intake.submit')}
              </Button>
            </div>
          </Col>
        </Row>
      </Form>
    </div>
  );
}
