import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, DatePicker, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import type { CourseCategory } from '../../shared/courses.ts';
import { FRAUD_TYPES, type FraudType } from '../../shared/legal.ts';
import { coursesActions, coursesKeys } from '../../shared/query/courses.ts';
import { CommunitySelect, useCommunityOptions, useFirstCommunity } from '../components/CommunitySelect.tsx';

interface CourseFields {
  communityId: number;
  category: CourseCategory;
  fraudType?: FraudType;
  title: string;
  summary?: string;
  lessonSeconds?: number | null;
  lessonUrl?: string;
  lessonText?: string;
  requiresSession: boolean;
  certificate: boolean;
}

/** A new course: where, what kind, the online lesson (a video or a text read for its length). */
export function NewCourseButton({ categories }: { categories: Array<{ code: CourseCategory; label: string }> }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<CourseFields>();
  useFirstCommunity(form, useCommunityOptions());
  const create = useMutation({
    mutationFn: (v: CourseFields) =>
      coursesActions.create({
        ...v,
        fraudType: v.category === 'anti_fraud' ? (v.fraudType ?? null) : null,
        lessonSeconds: v.lessonSeconds ?? null,
        summary: v.summary ?? '',
        lessonUrl: v.lessonUrl ?? '',
        lessonText: v.lessonText ?? '',
      }),
    onSuccess: () => {
      setOpen(false);
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: coursesKeys.all });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  return (
    <>
      <Button type="primary" data-testid="course-new" onClick={() => setOpen(true)}>
        {t('courses.admin.newCourse')}
      </Button>
      <Modal
        open={open}
        title={t('courses.admin.newCourse')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('courses.admin.create')}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          initialValues={{ category: 'safety', requiresSession: false, certificate: true }}
          onFinish={(v) => create.mutate(v)}
        >
          <Form.Item name="communityId" label={t('courses.admin.community')} rules={[{ required: true }]}>
            <CommunitySelect />
          </Form.Item>
          <Form.Item name="category" label={t('courses.admin.category')} rules={[{ required: true }]}>
            <Select options={categories.map((c) => ({ value: c.code, label: c.label }))} />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.category !== b.category}>
            {({ getFieldValue }) =>
              getFieldValue('category') === 'anti_fraud' && (
                <Form.Item name="fraudType" label={t('legal.admin.fraudType')} rules={[{ required: true }]}>
                  <Select options={FRAUD_TYPES.map((f) => ({ value: f, label: t(`legal.fraudTypes.${f}`) }))} />
                </Form.Item>
              )
            }
          </Form.Item>
          <Form.Item name="title" label={t('courses.admin.title')} rules={[{ required: true, max: 100 }]}>
            <Input data-testid="course-title" />
          </Form.Item>
          <Form.Item name="summary" label={t('courses.admin.summary')}>
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="lessonSeconds" label={t('courses.admin.lessonSeconds')}>
            <InputNumber min={10} max={36000} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="lessonUrl" label={t('courses.admin.lessonUrl')}>
            <Input />
          </Form.Item>
          <Form.Item name="lessonText" label={t('courses.admin.lessonText')}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item name="requiresSession" label={t('courses.admin.requiresSession')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="certificate" label={t('courses.admin.certificate')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

interface SessionFields {
  place: string;
  time: [Dayjs, Dayjs];
  capacity: number;
}

/** A session of a course at a place, with its capacity. */
export function NewSessionButton({ courseId }: { courseId: number }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<SessionFields>();
  const create = useMutation({
    mutationFn: (v: SessionFields) =>
      coursesActions.createSession(courseId, {
        place: v.place,
        startsAt: v.time[0].toISOString(),
        endsAt: v.time[1].toISOString(),
        capacity: v.capacity,
      }),
    onSuccess: () => {
      setOpen(false);
      form.resetFields();
      void queryClient.invalidateQueries({ queryKey: coursesKeys.all });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  return (
    <>
      <Button size="small" data-testid={`session-new-${courseId}`} onClick={() => setOpen(true)}>
        {t('courses.admin.newSession')}
      </Button>
      <Modal
        open={open}
        title={t('courses.admin.newSession')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={create.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ capacity: 30 }} onFinish={(v) => create.mutate(v)}>
          <Form.Item name="place" label={t('courses.admin.place')} rules={[{ required: true, max: 200 }]}>
            <Input />
          </Form.Item>
          <Form.Item
            name="time"
            label={`${t('courses.admin.startsAt')} – ${t('courses.admin.endsAt')}`}
            rules={[{ required: true }]}
          >
            <DatePicker.RangePicker showTime format="YYYY-MM-DD HH:mm" />
          </Form.Item>
          <Form.Item name="capacity" label={t('courses.admin.capacity')} rules={[{ required: true }]}>
            <InputNumber min={1} max={10000} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
