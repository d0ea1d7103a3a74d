import { App, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import {
  ARTICLE_KINDS,
  type Article,
  type ArticleKind,
  FRAUD_TYPES,
  type FraudType,
  legalApi,
} from '../../shared/legal.ts';
import { CommunityField } from '../components/CommunityField.tsx';
import { applyServerFieldErrors } from '../components/formErrors.ts';

interface ArticleForm {
  divisionId?: number;
  kind: ArticleKind;
  fraudType?: FraudType | null;
  title: string;
  summary?: string;
  body: string;
  source?: string;
  status: 'draft' | 'published';
}

const FIELDS = ['divisionId', 'kind', 'fraudType', 'title', 'summary', 'body', 'source', 'status'];

/** Write or change a library article: a law explained, a mediation case without names, or a fraud case with its type. */
export function ArticleFormModal({
  article,
  onClose,
  onSaved,
}: {
  article: Article | 'new';
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<ArticleForm>();
  const editing = article === 'new' ? null : article;
  const [saving, setSaving] = useState(false);
  const kind = Form.useWatch('kind', form);

  const submit = async (v: ArticleForm) => {
    const fields = {
      kind: v.kind,
      fraudType: v.kind === 'fraud_case' ? (v.fraudType ?? null) : null,
      title: v.title.trim(),
      summary: v.summary?.trim() ?? '',
      body: v.body.trim(),
      source: v.source?.trim() ?? '',
      status: v.status,
    };
    setSaving(true);
    try {
      if (editing) await legalApi.update(editing.id, fields);
      else await legalApi.create({ divisionId: v.divisionId!, ...fields });
      message.success(t('legal.admin.saved'));
      onSaved();
    } catch (error) {
      if (!applyServerFieldErrors(form, error, FIELDS)) message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={editing ? t('legal.admin.edit') : t('legal.admin.add')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving }}
      onCancel={onClose}
      width={860}
      destroyOnHidden
    >
      <Form<ArticleForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={
          editing
            ? { ...editing, divisionId: editing.division.id }
            : { kind: 'law', status: 'published', fraudType: null }
        }
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="divisionId" label={t('legal.admin.division')} rules={[{ required: true }]}>
              <CommunityField disabled={Boolean(editing)} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="kind" label={t('legal.admin.kind')} rules={[{ required: true }]}>
              <Select
                data-testid="article-kind"
                options={ARTICLE_KINDS.map((k) => ({ value: k, label: t(`legal.kinds.${k}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            {kind === 'fraud_case' && (
              <Form.Item name="fraudType" label={t('legal.admin.fraudType')} rules={[{ required: true }]}>
                <Select options={FRAUD_TYPES.map((f) => ({ value: f, label: t(`legal.fraudTypes.${f}`) }))} />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Form.Item name="title" label={t('legal.admin.articleTitle')} rules={[{ required: true, max: 100 }]}>
          <Input data-testid="article-title" />
        </Form.Item>
        <Form.Item name="summary" label={t('legal.admin.summary')} rules={[{ max: 300 }]}>
          <Input />
        </Form.Item>
        <Form.Item
          name="body"
          label={t('legal.admin.body')}
          extra={kind === 'mediation_case' ? t('legal.admin.bodyHint') : undefined}
          rules={[{ required: true, max: 20000 }]}
        >
          <Input.TextArea rows={8} data-testid="article-body" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} md={16}>
            <Form.Item name="source" label={t('legal.admin.source')} rules={[{ max: 200 }]}>
              <Input placeholder={t('legal.admin.sourcePlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="status" label={t('legal.admin.status')}>
              <Select
                options={(['draft', 'published'] as const).map((s) => ({ value: s, label: t(`legal.statuses.${s}`) }))}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
