import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { ASSESSMENT_INDICATORS, INDICATOR_CATALOGUE } from '@gongzhi/server/enums';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import {
  assessmentCalls,
  assessmentKeys,
  type AssessmentIndicatorConfig,
  type AssessmentScheme,
} from '../../shared/query/assessment.ts';
import { useOrgTree } from '../org/OrgTreeContext.tsx';

type Indicator = AssessmentIndicatorConfig['indicator'];
type SubjectKind = 'grid_worker' | 'department';

interface Values {
  districtId: number;
  subjectKind: SubjectKind;
  name: string;
  effectiveFrom: Dayjs | null;
  note: string;
  indicators: AssessmentIndicatorConfig[];
  strength: number;
  bandSmall: number;
  bandMedium: number;
}

const DEFAULTS: AssessmentIndicatorConfig[] = [
  { indicator: 'accepted_on_time', weight: 15, target: 0.95 },
  { indicator: 'resolved_on_time', weight: 20, target: 0.9 },
  { indicator: 'overdue', weight: 10, perItem: 2 },
  { indicator: 'supervision_cards', weight: 10, perRed: 5, perYellow: 2 },
  { indicator: 'visits', weight: 15, target: 1 },
  { indicator: 'patrol_coverage', weight: 15, target: 0.8 },
  { indicator: 'satisfaction', weight: 15, target: 0.9 },
];

/**
 * A scheme's editor: a new scheme (version 1), or a change to one, which makes a new version
 * in force from the month chosen (never one already scored). Indicators come only from the
 * catalogue of recorded work; the weights add up to 100.
 */
export function SchemeForm({ scheme, onClose }: { scheme: AssessmentScheme | null; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const { index } = useOrgTree();
  const [form] = Form.useForm<Values>();
  const kind: SubjectKind = Form.useWatch('subjectKind', form) ?? scheme?.subjectKind ?? 'grid_worker';
  const indicators: AssessmentIndicatorConfig[] = Form.useWatch('indicators', form) ?? [];
  const sum = Math.round(indicators.reduce((s, i) => s + (i?.weight ?? 0), 0) * 100) / 100;
  const districts = (index?.tree.divisions ?? []).filter((d) => d.level === 'district' && d.inScope);

  const save = useMutation({
    mutationFn: (v: Values) => {
      const workload = {
        strength: v.strength,
        caseMix: scheme?.current.workload.caseMix ?? {},
        sizeBands: [v.bandSmall, v.bandMedium] as [number, number],
      };
      const clean = v.indicators.map((i) => {
        const entry = INDICATOR_CATALOGUE[i.indicator];
        const out: AssessmentIndicatorConfig = { indicator: i.indicator, weight: i.weight };
        if (entry.kind === 'rate') out.target = i.target;
        for (const d of entry.deductions) out[d] = i[d];
        return out;
      });
      const effectiveFrom = v.effectiveFrom ? v.effectiveFrom.format('YYYY-MM') : undefined;
      return scheme
        ? assessmentCalls.updateScheme(scheme.id, {
            name: v.name,
            indicators: clean,
            workload,
            effectiveFrom,
            note: v.note,
          })
        : assessmentCalls.createScheme({
            districtId: v.districtId,
            subjectKind: v.subjectKind,
            name: v.name,
            indicators: clean,
            workload,
            effectiveFrom,
            note: v.note ?? '',
          });
    },
    onSuccess: () => {
      message.success(t('assessment.scheme.saved'));
      void queryClient.invalidateQueries({ queryKey: assessmentKeys.all });
      onClose();
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const initial: Partial<Values> = scheme
    ? {
        subjectKind: scheme.subjectKind,
        districtId: scheme.districtId,
        name: scheme.name,
        indicators: scheme.current.indicators,
        strength: scheme.current.workload.strength,
        bandSmall: scheme.current.workload.sizeBands[0],
        bandMedium: scheme.current.workload.sizeBands[1],
        effectiveFrom: null,
        note: '',
      }
    : {
        subjectKind: 'grid_worker',
        districtId: districts[0]?.id,
        name: '',
        indicators: DEFAULTS,
        strength: 0.1,
        bandSmall: 1000,
        bandMedium: 3000,
        effectiveFrom: dayjs().subtract(1, 'month').startOf('month'),
        note: '',
      };
  const options = ASSESSMENT_INDICATORS.filter((i) => INDICATOR_CATALOGUE[i].subjects.includes(kind)).map((i) => ({
    value: i,
    label: t(`assessment.indicator.${i}`),
  }));

  return (
    <Modal
      open
      width={760}
      title={scheme ? `${t('assessment.scheme.edit')} · ${scheme.name}` : t('assessment.scheme.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Alert type="info" showIcon message={t('assessment.scheme.catalogueNote')} style={{ marginBottom: 12 }} />
      <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate(v)}>
        <Space wrap>
          <Form.Item name="name" label={t('assessment.scheme.name')} rules={[{ required: true, min: 2, max: 60 }]}>
            <Input style={{ width: 220 }} data-testid="scheme-name" />
          </Form.Item>
          <Form.Item name="districtId" label={t('assessment.scheme.district')} rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              disabled={scheme !== null}
              options={districts.map((d) => ({ value: d.id, label: d.name }))}
            />
          </Form.Item>
          <Form.Item name="subjectKind" label={t('assessment.scheme.subjectKind')}>
            <Select
              style={{ width: 130 }}
              disabled={scheme !== null}
              options={(['grid_worker', 'department'] as const).map((k) => ({
                value: k,
                label: t(`assessment.subjectKind.${k}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="effectiveFrom" label={t('assessment.scheme.effectiveFrom')}>
            <DatePicker picker="month" allowClear style={{ width: 130 }} data-testid="scheme-from" />
          </Form.Item>
        </Space>
        <div>
          <Typography.Text strong>{t('assessment.scheme.indicators')}</Typography.Text>{' '}
          <Typography.Text type={sum === 100 ? 'success' : 'danger'} data-testid="weights-sum">
            {t('assessment.scheme.weightsSum', { sum })}
          </Typography.Text>
        </div>
        <Form.List name="indicators">
          {(fields, { add, remove }) => (
            <div style={{ marginTop: 8 }}>
              {fields.map((field) => {
                const ind = indicators[field.name]?.indicator as Indicator | undefined;
                const entry = ind ? INDICATOR_CATALOGUE[ind] : undefined;
                return (
                  <Space key={field.key} align="baseline" wrap data-testid="indicator-row">
                    <Form.Item name={[field.name, 'indicator']} rules={[{ required: true }]}>
                      <Select style={{ width: 150 }} options={options} />
                    </Form.Item>
                    <Form.Item name={[field.name, 'weight']} rules={[{ required: true }]}>
                      <InputNumber
                        min={0.01}
                        max={100}
                        addonBefore={t('assessment.scheme.weight')}
                        style={{ width: 150 }}
                      />
                    </Form.Item>
                    {entry?.kind === 'rate' && (
                      <Form.Item name={[field.name, 'target']} rules={[{ required: true }]}>
                        <InputNumber
                          min={0.01}
                          max={1}
                          step={0.05}
                          addonBefore={t('assessment.scheme.target')}
                          style={{ width: 150 }}
                        />
                      </Form.Item>
                    )}
                    {entry?.deductions.map((d) => (
                      <Form.Item key={d} name={[field.name, d]} rules={[{ required: true }]}>
                        <InputNumber
                          min={0}
                          max={100}
                          addonBefore={t(`assessment.scheme.${d}`)}
                          style={{ width: 170 }}
                        />
                      </Form.Item>
                    ))}
                    <MinusCircleOutlined onClick={() => remove(field.name)} />
                  </Space>
                );
              })}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() =>
                  add({
                    indicator: options.find((o) => !indicators.some((i) => i?.indicator === o.value))?.value,
                    weight: 0,
                  })
                }
                disabled={fields.length >= options.length}
              >
                {t('assessment.scheme.addIndicator')}
              </Button>
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, fontSize: 12 }}>
                {t('assessment.indicatorHelp.rate')}；{t('assessment.indicatorHelp.count')}
              </Typography.Paragraph>
            </div>
          )}
        </Form.List>
        <div>
          <Typography.Text strong>{t('assessment.scheme.workload')}</Typography.Text>
        </div>
        <Space wrap style={{ marginTop: 8 }}>
          <Form.Item name="strength" label={t('assessment.scheme.strength')}>
            <InputNumber min={0} max={0.3} step={0.05} />
          </Form.Item>
          <Form.Item
            name="bandSmall"
            label={`${t('assessment.scheme.sizeBands')}：${t('assessment.scheme.bandSmall')}`}
          >
            <InputNumber min={1} />
          </Form.Item>
          <Form.Item name="bandMedium" label={t('assessment.scheme.bandMedium')}>
            <InputNumber min={2} />
          </Form.Item>
        </Space>
        <Form.Item
          name="note"
          label={t('assessment.scheme.note')}
          rules={scheme ? [{ required: true, min: 2, max: 500 }] : [{ max: 500 }]}
        >
          <Input.TextArea rows={2} data-testid="scheme-note" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
