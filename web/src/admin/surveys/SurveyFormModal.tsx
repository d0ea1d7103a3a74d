import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Select, Space, Switch } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { QUESTION_TYPES, type QuestionType, type Survey, type SurveyInput, surveysApi } from '../../shared/surveys.ts';
import { zonedWallClockToIso } from '../../shared/time.ts';
import { CommunityField } from '../components/CommunityField.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';

interface QuestionForm {
  type: QuestionType;
  title: string;
  required?: boolean;
  options?: string;
  maxChoices?: number;
  min?: number;
  max?: number;
}
interface SurveyForm {
  communityId?: number;
  title: string;
  description?: string;
  anonymous: boolean;
  gridIds?: string;
  buildingIds?: string;
  audienceTags?: string[];
  opensAt: Dayjs;
  closesAt: Dayjs;
  questions: QuestionForm[];
}

const FIELDS = ['communityId', 'title', 'description', 'opensAt', 'closesAt', 'audienceTags'];

const ids = (s?: string) =>
  (s ?? '')
    .split(/[\s,，]+/)
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0);

function toInput(v: SurveyForm): SurveyInput {
  return {
    communityId: v.communityId!,
    title: v.title.trim(),
    description: v.description?.trim() ?? '',
    anonymous: v.anonymous,
    gridIds: ids(v.gridIds),
    buildingIds: ids(v.buildingIds),
    audienceTags: v.audienceTags ?? [],
    opensAt: zonedWallClockToIso(v.opensAt),
    closesAt: zonedWallClockToIso(v.closesAt),
    questions: v.questions.map((q, i) => {
      const choice = q.type === 'single' || q.type === 'multiple';
      return {
        id: `q${i + 1}`,
        type: q.type,
        title: q.title.trim(),
        required: q.required ?? false,
        ...(choice
          ? {
              options: (q.options ?? '')
                .split('\n')
                .map((o) => o.trim())
                .filter(Boolean),
            }
          : {}),
        ...(q.type === 'multiple' && q.maxChoices ? { maxChoices: q.maxChoices } : {}),
        ...(q.type === 'number' && q.min !== undefined && q.min !== null ? { min: q.min } : {}),
        ...(q.type === 'number' && q.max !== undefined && q.max !== null ? { max: q.max } : {}),
      };
    }),
  };
}

function fromSurvey(s: Survey): SurveyForm {
  return {
    communityId: s.community.id,
    title: s.title,
    description: s.description,
    anonymous: s.anonymous,
    gridIds: s.gridIds.join(', '),
    buildingIds: s.buildingIds.join(', '),
    audienceTags: s.audienceTags,
    opensAt: dayjs(s.opensAt),
    closesAt: dayjs(s.closesAt),
    questions: s.items.map((q) => ({
      type: q.type,
      title: q.title,
      required: q.required,
      options: q.options?.join('\n'),
      maxChoices: q.maxChoices,
      min: q.min,
      max: q.max,
    })),
  };
}

/** Write or change a draft survey: audience, window, anonymity and its questions (the question builder). */
export function SurveyFormModal({
  survey,
  onClose,
  onSaved,
}: {
  survey?: Survey;
  onClose: () => void;
  onSaved: (id: number) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<SurveyForm>();
  const [saving, setSaving] = useState(false);
  const submit = async (v: SurveyForm) => {
    setSaving(true);
    try {
      const body = toInput(v);
      const saved = survey ? await surveysApi.update(survey.id, body) : await surveysApi.create(body);
      message.success(t('surveys.saved'));
      onSaved(saved.id);
    } catch (error) {
      if (!applyServerFieldErrors(form, error, FIELDS)) message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };
  const initial: Partial<SurveyForm> = survey
    ? fromSurvey(survey)
    : {
        anonymous: true,
        opensAt: dayjs().startOf('minute'),
        closesAt: dayjs().add(7, 'day').startOf('minute'),
        questions: [{ type: 'single', title: '', required: true }],
      };
  return (
    <Modal
      open
      title={survey ? t('surveys.edit') : t('surveys.newSurvey')}
      okText={t('surveys.save')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving, id: 'survey-save' }}
      onCancel={onClose}
      width={760}
      destroyOnHidden
    >
      <Form<SurveyForm> form={form} layout="vertical" onFinish={submit} initialValues={initial}>
        <Form.Item name="communityId" label={t('surveys.community')} rules={[{ required: true }]}>
          <CommunityField />
        </Form.Item>
        <Form.Item name="title" label={t('surveys.surveyTitle')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="survey-title" />
        </Form.Item>
        <Form.Item name="description" label={t('surveys.surveyDescription')} rules={[{ max: 2000 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
        <Space wrap align="start">
          <Form.Item name="opensAt" label={t('surveys.opensAt')} rules={[{ required: true }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="closesAt" label={t('surveys.closesAt')} rules={[{ required: true }]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="anonymous" label={t('surveys.anonymous')} valuePropName="checked">
            <Switch data-testid="survey-anonymous" />
          </Form.Item>
        </Space>
        <Space wrap align="start">
          <Form.Item name="gridIds" label={t('surveys.gridIds')}>
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="buildingIds" label={t('surveys.buildingIds')}>
            <Input style={{ width: 220 }} />
          </Form.Item>
          <Form.Item name="audienceTags" label={t('surveys.audienceTags')}>
            <Select mode="tags" style={{ width: 220 }} open={false} />
          </Form.Item>
        </Space>
        <Form.List name="questions">
          {(fields, { add, remove }) => (
            <Space direction="vertical" style={{ width: '100%' }}>
              {fields.map((field, i) => (
                <Card
                  key={field.key}
                  size="small"
                  title={`${t('surveys.questionTitle')} ${i + 1}`}
                  extra={
                    fields.length > 1 && (
                      <Button
                        type="text"
                        danger
                        icon={<MinusCircleOutlined />}
                        onClick={() => remove(field.name)}
                        aria-label={t('surveys.remove')}
                      />
                    )
                  }
                >
                  <Space wrap align="start">
                    <Form.Item name={[field.name, 'type']} label={t('surveys.type')} rules={[{ required: true }]}>
                      <Select
                        style={{ width: 150 }}
                        data-testid={`q-type-${i}`}
                        options={QUESTION_TYPES.map((k) => ({ value: k, label: t(`surveys.types.${k}`) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'required']} label={t('surveys.required')} valuePropName="checked">
                      <Checkbox />
                    </Form.Item>
                  </Space>
                  <Form.Item
                    name={[field.name, 'title']}
                    label={t('surveys.questionTitle')}
                    rules={[{ required: true, max: 300 }]}
                  >
                    <Input data-testid={`q-title-${i}`} />
                  </Form.Item>
                  <Form.Item noStyle dependencies={[['questions', field.name, 'type']]}>
                    {() => {
                      const type = form.getFieldValue(['questions', field.name, 'type']) as QuestionType | undefined;
                      return (
                        <>
                          {(type === 'single' || type === 'multiple') && (
                            <Form.Item
                              name={[field.name, 'options']}
                              label={t('surveys.options')}
                              rules={[
                                {
                                  validator: (_, v?: string) =>
                                    (v ?? '').split('\n').filter((o) => o.trim()).length >= 2
                                      ? Promise.resolve()
                                      : Promise.reject(new Error(t('surveys.optionsInvalid'))),
                                },
                              ]}
                            >
                              <Input.TextArea rows={3} data-testid={`q-options-${i}`} />
                            </Form.Item>
                          )}
                          {type === 'multiple' && (
                            <Form.Item name={[field.name, 'maxChoices']} label={t('surveys.maxChoices')}>
                              <InputNumber min={1} max={30} precision={0} />
                            </Form.Item>
                          )}
                          {type === 'number' && (
                            <Space>
                              <Form.Item name={[field.name, 'min']} label={t('surveys.min')}>
                                <InputNumber />
                              </Form.Item>
                              <Form.Item name={[field.name, 'max']} label={t('surveys.max')}>
                                <InputNumber />
                              </Form.Item>
                            </Space>
                          )}
                        </>
                      );
                    }}
                  </Form.Item>
                </Card>
              ))}
              {fields.length < 50 && (
                <Button
                  type="dashed"
                  block
                  icon={<PlusOutlined />}
                  onClick={() => add({ type: 'single', title: '', required: false })}
                  data-testid="q-add"
                >
                  {t('surveys.addQuestion')}
                </Button>
              )}
            </Space>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
