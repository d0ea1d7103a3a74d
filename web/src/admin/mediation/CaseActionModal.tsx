import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Checkbox,
  DatePicker,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Space,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import {
  ATTENDEE_SIDES,
  PARTY_ROLES,
  fenToYuanText,
  instalmentGap,
  parseYuan,
  splitInstalments,
  type AttendeeSide,
  type CaseDetail,
  type Instalment,
} from '../../shared/mediation.ts';
import { mediationCalls, mediationKeys, mediationQueries } from '../../shared/query/mediation.ts';
import { formatFen } from '../../shared/points.ts';
import { zonedWallClockToIso } from '../../shared/time.ts';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { useCatalogue } from './tags.tsx';

export type ModalAction =
  | 'take'
  | 'assign'
  | 'extend'
  | 'investigate'
  | 'mediate'
  | 'perform'
  | 'session'
  | 'agree'
  | 'pay'
  | 'follow_up'
  | 'fail'
  | 'withdraw'
  | 'claim'
  | 'party';

const yuanRule = (message: string, positive = false) => ({
  validator: (_r: unknown, value: string | undefined) => {
    const fen = parseYuan(value ?? '');
    return fen !== undefined && (!positive || fen > 0) ? Promise.resolve() : Promise.reject(new Error(message));
  },
});

/** The form of one case action, sent to its endpoint; the answer is the case as it now stands. */
export function CaseActionModal({
  c,
  action,
  instalment,
  onClose,
  onDone,
}: {
  c: CaseDetail;
  action: ModalAction;
  instalment?: Instalment;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const catalogue = useCatalogue();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const required = { required: true, message: t('validation.required') };
  const queryClient = useQueryClient();
  const studio = useQuery({
    ...mediationQueries.studio(c.studio?.id ?? 0),
    enabled: action === 'assign' && Boolean(c.studio),
  });
  const date = (d: Dayjs | undefined) => (d ? d.format('YYYY-MM-DD') : undefined);

  // biome-ignore lint/suspicious/noExplicitAny: one form for every action: each action's fields are checked by the server's schema
  const send = async (values: Record<string, any>) => {
    let body: unknown = values;
    switch (action) {
      case 'take':
        body = {};
        break;
      case 'investigate':
      case 'mediate':
      case 'perform':
        body = { note: values.note ?? '' };
        break;
      case 'session':
        body = {
          heldAt: zonedWallClockToIso(values.heldAt),
          place: values.place ?? '',
          attendees: values.attendees,
          notes: values.notes,
        };
        break;
      case 'agree': {
        const totalFen = parseYuan(values.total ?? '0') ?? 0;
        const instalments = (values.instalments ?? []).map((i: { dueOn: Dayjs; amount: string }) => ({
          dueOn: date(i.dueOn),
          amountFen: parseYuan(i.amount) ?? 0,
        }));
        body = {
          terms: values.terms,
          totalFen,
          instalments,
          performanceMethod: values.performanceMethod,
          performanceDeadline: date(values.performanceDeadline),
          signedOn: date(values.signedOn),
          copies: values.copies,
          ...(values.followUpOn ? { followUpOn: date(values.followUpOn) } : {}),
        };
        break;
      }
      case 'pay':
        body = { amountFen: parseYuan(values.amount), paidOn: date(values.paidOn), note: values.note ?? '' };
        break;
      case 'follow_up':
        body = {
          visitedAt: values.visitedAt ? zonedWallClockToIso(values.visitedAt) : undefined,
          findings: values.findings,
          satisfied: values.satisfied,
          close: values.close ?? false,
        };
        break;
      case 'claim':
        body = {
          claimantName: values.claimantName,
          ...(values.phone ? { phone: values.phone } : {}),
          address: values.address ?? '',
          amountFen: parseYuan(values.amount) ?? 0,
          description: values.description ?? '',
          documents: [],
        };
        break;
      case 'party':
        body = {
          ...values,
          idNumber: values.idNumber || undefined,
          phone: values.phone || undefined,
          address: values.address ?? '',
        };
        break;
      case 'assign':
        body = {
          mediatorUserId: values.mediatorUserId ?? null,
          taskForce: (values.taskForce ?? []).map((m: { name: string; role: string; organisation?: string }) => ({
            name: m.name,
            role: m.role,
            organisation: m.organisation ?? '',
          })),
          note: values.note ?? '',
        };
        break;
    }
    setBusy(true);
    try {
      await mediationCalls.caseAction(c.id, action, body, instalment?.seq);
      // The case as it now stands (and its claims) is fetched again before the form closes.
      await queryClient.invalidateQueries({ queryKey: mediationKeys.all });
      message.success(t('mediation.actions.done'));
      onDone();
    } catch (error) {
      if (!applyServerFieldErrors(form, error, Object.keys(values))) message.error(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };

  let body: ReactNode = null;
  let width = 560;
  let initial: Record<string, unknown> = {};
  switch (action) {
    case 'take':
      body = <Typography.Paragraph>{c.summary}</Typography.Paragraph>;
      break;
    case 'investigate':
    case 'mediate':
    case 'perform':
      body = (
        <Form.Item name="note" label={t('mediation.forms.note')}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      );
      break;
    case 'extend':
      initial = { days: 15 };
      body = (
        <>
          <Form.Item name="days" label={t('mediation.forms.days')} rules={[required]}>
            <InputNumber min={1} max={90} />
          </Form.Item>
          <Form.Item name="reason" label={t('mediation.forms.reason')} rules={[{ ...required, min: 2 }]}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        </>
      );
      break;
    case 'withdraw':
      body = (
        <Form.Item name="reason" label={t('mediation.forms.reason')} rules={[{ ...required, min: 2 }]}>
          <Input.TextArea rows={3} maxLength={1000} />
        </Form.Item>
      );
      break;
    case 'fail':
      initial = { referral: 'court' };
      body = (
        <>
          <Form.Item name="reason" label={t('mediation.forms.reason')} rules={[{ ...required, min: 2 }]}>
            <Input.TextArea rows={3} maxLength={1000} />
          </Form.Item>
          <Form.Item name="referral" label={t('mediation.forms.referral')} rules={[required]}>
            <Radio.Group options={catalogue.data?.referrals.map((r) => ({ value: r.code, label: r.name }))} />
          </Form.Item>
          <Form.Item name="referralTo" label={t('mediation.forms.referralTo')}>
            <Input maxLength={120} />
          </Form.Item>
        </>
      );
      break;
    case 'assign':
      initial = {
        mediatorUserId: c.mediator?.id,
        taskForce: c.taskForce.map((m) => ({ name: m.name, role: m.role, organisation: m.organisation })),
      };
      width = 680;
      body = (
        <>
          <Form.Item name="mediatorUserId" label={t('mediation.forms.mediator')}>
            <Select
              allowClear
              loading={studio.isFetching}
              options={(studio.data?.mediatorList ?? [])
                .filter((m) => m.active)
                .map((m) => ({ value: m.userId, label: `${m.name}${m.title ? `（${m.title}）` : ''}` }))}
            />
          </Form.Item>
          <Typography.Text strong>{t('mediation.detail.taskForce')}</Typography.Text>
          <Form.List name="taskForce">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex', marginTop: 8 }}>
                    <Form.Item name={[f.name, 'name']} rules={[required]}>
                      <Input placeholder={t('mediation.forms.taskForceMember')} style={{ width: 140 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'role']} rules={[required]}>
                      <Select
                        placeholder={t('mediation.forms.taskForceRole')}
                        style={{ width: 120 }}
                        options={catalogue.data?.taskForceRoles.map((r) => ({ value: r.code, label: r.name }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'organisation']}>
                      <Input placeholder={t('mediation.forms.organisation')} style={{ width: 180 }} />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ role: 'police' })}
                  style={{ margin: '8px 0 16px' }}
                >
                  {t('mediation.forms.addMember')}
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item name="note" label={t('mediation.forms.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </>
      );
      break;
    case 'session':
      width = 680;
      initial = {
        heldAt: dayjs().second(0),
        attendees: [
          ...c.partyList.map((p) => ({ name: p.name, side: p.role as AttendeeSide })),
          ...(c.mediator ? [{ name: c.mediator.name, side: 'mediator' as AttendeeSide }] : []),
        ],
      };
      body = (
        <>
          <Space size="middle">
            <Form.Item name="heldAt" label={t('mediation.forms.heldAt')} rules={[required]}>
              <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
            </Form.Item>
            <Form.Item name="place" label={t('mediation.forms.place')}>
              <Input maxLength={120} style={{ width: 260 }} />
            </Form.Item>
          </Space>
          <Typography.Text strong>{t('mediation.detail.attendees')}</Typography.Text>
          <Form.List name="attendees">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline" style={{ display: 'flex', marginTop: 8 }}>
                    <Form.Item name={[f.name, 'name']} rules={[required]}>
                      <Input placeholder={t('mediation.forms.attendeeName')} style={{ width: 180 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'side']} rules={[required]}>
                      <Select
                        style={{ width: 150 }}
                        options={ATTENDEE_SIDES.map((s) => ({ value: s, label: t(`mediation.side.${s}`) }))}
                      />
                    </Form.Item>
                    <MinusCircleOutlined onClick={() => remove(f.name)} />
                  </Space>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ side: 'other' })}
                  style={{ margin: '8px 0 16px' }}
                >
                  {t('mediation.forms.addAttendee')}
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item name="notes" label={t('mediation.forms.notes')} rules={[required]}>
            <Input.TextArea rows={5} maxLength={5000} showCount />
          </Form.Item>
        </>
      );
      break;
    case 'agree':
      width = 760;
      initial = {
        terms: [''],
        total: c.amountFen ? fenToYuanText(c.amountFen) : '0',
        instalments: [],
        copies: 3,
        signedOn: dayjs(),
        performanceDeadline: dayjs().add(30, 'day'),
        followUpOn: dayjs().add(30, 'day'),
      };
      body = <AgreementFields />;
      break;
    case 'pay':
      initial = { amount: instalment ? fenToYuanText(instalment.amountFen - instalment.paidFen) : '', paidOn: dayjs() };
      body = (
        <>
          {instalment && (
            <Typography.Paragraph type="secondary">
              #{instalment.seq} · {instalment.dueOn} · {formatFen(instalment.amountFen)}
            </Typography.Paragraph>
          )}
          <Space size="middle">
            <Form.Item
              name="amount"
              label={t('mediation.forms.amount')}
              rules={[yuanRule(t('mediation.intake.amountRule'), true)]}
            >
              <Input prefix="¥" style={{ width: 180 }} />
            </Form.Item>
            <Form.Item name="paidOn" label={t('mediation.forms.paidOn')} rules={[required]}>
              <DatePicker />
            </Form.Item>
          </Space>
          <Form.Item name="note" label={t('mediation.forms.note')}>
            <Input maxLength={500} />
          </Form.Item>
        </>
      );
      break;
    case 'follow_up':
      initial = { visitedAt: dayjs().second(0), satisfied: true, close: c.allowedActions.includes('close') };
      body = (
        <>
          <Form.Item name="visitedAt" label={t('mediation.forms.visitedAt')}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="findings" label={t('mediation.forms.findings')} rules={[{ ...required, min: 2 }]}>
            <Input.TextArea rows={4} maxLength={2000} />
          </Form.Item>
          <Form.Item name="satisfied" valuePropName="checked">
            <Checkbox>{t('mediation.forms.satisfied')}</Checkbox>
          </Form.Item>
          <Form.Item name="close" valuePropName="checked" extra={t('mediation.forms.closeHint')}>
            <Checkbox disabled={!c.allowedActions.includes('close')}>{t('mediation.forms.closeCase')}</Checkbox>
          </Form.Item>
        </>
      );
      break;
    case 'claim':
      body = (
        <>
          <Space size="middle" wrap>
            <Form.Item name="claimantName" label={t('mediation.forms.claimant')} rules={[required]}>
              <Input maxLength={60} />
            </Form.Item>
            <Form.Item name="phone" label={t('mediation.fields.phone')}>
              <Input maxLength={30} />
            </Form.Item>
          </Space>
          <Space size="middle" wrap>
            <Form.Item name="address" label={t('mediation.forms.claimAddress')}>
              <Input maxLength={120} />
            </Form.Item>
            <Form.Item
              name="amount"
              label={t('mediation.forms.amount')}
              rules={[yuanRule(t('mediation.intake.amountRule'))]}
            >
              <Input prefix="¥" style={{ width: 160 }} />
            </Form.Item>
          </Space>
          <Form.Item name="description" label={t('mediation.forms.description')}>
            <Input.TextArea rows={2} maxLength={1000} />
          </Form.Item>
        </>
      );
      break;
    case 'party':
      initial = { role: 'third_party', kind: 'person' };
      body = (
        <>
          <Space size="middle" wrap>
            <Form.Item name="role" label={t('mediation.fields.role')} rules={[required]}>
              <Select
                style={{ width: 130 }}
                options={PARTY_ROLES.map((r) => ({ value: r, label: t(`mediation.partyRole.${r}`) }))}
              />
            </Form.Item>
            <Form.Item name="kind" label={t('mediation.fields.kind')}>
              <Radio.Group
                options={(['person', 'organisation'] as const).map((k) => ({
                  value: k,
                  label: t(`mediation.partyKind.${k}`),
                }))}
              />
            </Form.Item>
          </Space>
          <Space size="middle" wrap>
            <Form.Item name="name" label={t('mediation.fields.name')} rules={[required]}>
              <Input maxLength={80} />
            </Form.Item>
            <Form.Item name="phone" label={t('mediation.fields.phone')}>
              <Input maxLength={30} />
            </Form.Item>
            <Form.Item name="idNumber" label={t('mediation.fields.idNumber')}>
              <Input maxLength={30} />
            </Form.Item>
          </Space>
          <Form.Item name="address" label={t('mediation.fields.address')}>
            <Input maxLength={200} />
          </Form.Item>
        </>
      );
      break;
  }

  return (
    <Modal
      open
      title={t(`mediation.actions.${action}`)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      confirmLoading={busy}
      width={width}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={(v) => void send(v)}
        data-testid={`action-form-${action}`}
      >
        {body}
      </Form>
    </Modal>
  );
}

/** Terms, total and instalments (which must add up to the total), how and by when, copies and the follow-up date. */
function AgreementFields() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const total = Form.useWatch('total', form) as string | undefined;
  const instalments = (Form.useWatch('instalments', form) as { amount?: string }[] | undefined) ?? [];
  const totalFen = parseYuan(total ?? '') ?? 0;
  const gap = instalmentGap(
    totalFen,
    instalments.map((i) => ({ amountFen: parseYuan(i?.amount ?? '') })),
  );
  const required = { required: true, message: t('validation.required') };
  return (
    <>
      <Typography.Text strong>{t('mediation.forms.terms')}</Typography.Text>
      <Form.List name="terms">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Space key={f.key} align="baseline" style={{ display: 'flex', marginTop: 8 }}>
                <span>{i + 1}.</span>
                <Form.Item name={f.name} rules={[{ ...required, min: 2 }]} style={{ flex: 1, minWidth: 560 }}>
                  <Input.TextArea
                    autoSize={{ minRows: 1, maxRows: 4 }}
                    maxLength={1000}
                    aria-label={`${t('mediation.forms.terms')} ${i + 1}`}
                  />
                </Form.Item>
                {fields.length > 1 && <MinusCircleOutlined onClick={() => remove(f.name)} />}
              </Space>
            ))}
            <div>
              <Button type="dashed" icon={<PlusOutlined />} onClick={() => add('')} style={{ margin: '4px 0 16px' }}>
                {t('mediation.forms.addTerm')}
              </Button>
            </div>
          </>
        )}
      </Form.List>
      <Space size="middle" wrap align="start">
        <Form.Item name="total" label={t('mediation.forms.total')} rules={[yuanRule(t('mediation.intake.amountRule'))]}>
          <Input prefix="¥" style={{ width: 180 }} />
        </Form.Item>
        <Form.Item name="copies" label={t('mediation.forms.copies')}>
          <InputNumber min={1} max={20} />
        </Form.Item>
      </Space>
      <div>
        <Typography.Text strong>{t('mediation.forms.instalments')}</Typography.Text>
      </div>
      <Form.List
        name="instalments"
        rules={[
          {
            validator: async (_r, list: { amount?: string }[] | undefined) => {
              if (list && list.length > 0 && gap !== 0) throw new Error(t('mediation.forms.sumRule'));
            },
          },
        ]}
      >
        {(fields, { add, remove }, { errors }) => (
          <>
            {fields.map((f, i) => (
              <Space key={f.key} align="baseline" style={{ display: 'flex', marginTop: 8 }}>
                <span>#{i + 1}</span>
                <Form.Item name={[f.name, 'dueOn']} rules={[required]}>
                  <DatePicker placeholder={t('mediation.detail.dueOn')} />
                </Form.Item>
                <Form.Item name={[f.name, 'amount']} rules={[yuanRule(t('mediation.intake.amountRule'), true)]}>
                  <Input
                    prefix="¥"
                    style={{ width: 160 }}
                    aria-label={`${t('mediation.detail.instalmentAmount')} ${i + 1}`}
                  />
                </Form.Item>
                <MinusCircleOutlined onClick={() => remove(f.name)} />
              </Space>
            ))}
            <Space style={{ margin: '8px 0' }} wrap>
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ dueOn: dayjs().add(fields.length + 1, 'month'), amount: '' })}
              >
                {t('mediation.forms.addInstalment')}
              </Button>
              {[2, 3, 6].map((n) => (
                <Button
                  key={n}
                  size="small"
                  disabled={totalFen <= 0}
                  onClick={() =>
                    form.setFieldValue(
                      'instalments',
                      splitInstalments(totalFen, n).map((fen, i) => ({
                        dueOn: dayjs().add(i + 1, 'month'),
                        amount: fenToYuanText(fen),
                      })),
                    )
                  }
                >
                  {t('mediation.forms.split', { n })}
                </Button>
              ))}
              {instalments.length > 0 && (
                <span className={gap === 0 ? 'gz-sum-ok' : 'gz-sum-gap'} data-testid="instalment-sum">
                  {gap === 0
                    ? t('mediation.forms.sumOk')
                    : t('mediation.forms.sumGap', { gap: formatFen(Math.abs(gap)) })}
                </span>
              )}
            </Space>
            <Form.ErrorList errors={errors} />
          </>
        )}
      </Form.List>
      <Form.Item
        name="performanceMethod"
        label={t('mediation.forms.performanceMethod')}
        rules={[{ ...required, min: 2 }]}
        style={{ marginTop: 12 }}
      >
        <Input.TextArea rows={2} maxLength={1000} />
      </Form.Item>
      <Space size="middle" wrap>
        <Form.Item name="performanceDeadline" label={t('mediation.forms.performanceDeadline')} rules={[required]}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="signedOn" label={t('mediation.forms.signedOn')}>
          <DatePicker />
        </Form.Item>
        <Form.Item name="followUpOn" label={t('mediation.forms.followUpOn')}>
          <DatePicker />
        </Form.Item>
      </Space>
    </>
  );
}
