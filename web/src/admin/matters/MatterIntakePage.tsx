import { BulbOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Cascader,
  Col,
  Form,
  Input,
  Radio,
  Row,
  Skeleton,
  Space,
  Spin,
  Switch,
  Tag,
  TreeSelect,
  Typography,
  type UploadFile,
} from 'antd';
import { lazy, Suspense, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { useCategories } from '../../shared/categories.ts';
import { categoryPath, categoryTree, urgencyLabel } from '../../shared/matters.ts';
import { isValidPhone } from '../../shared/personal-data.ts';
import { URGENCIES, type CategorySuggestion, type LatLng, type ReportInput, type Urgency } from '../../shared/types.ts';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { PageHeader } from '../components/PageHeader.tsx';
import { CategoryFields, cleanAttributes } from '../matters/CategoryFields.tsx';
import type { Located } from '../matters/LocationPicker.tsx';
import { photoFileList, photosStillUploading, photoTokens, PhotoUpload } from '../matters/PhotoUpload.tsx';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import { mattersCalls } from '../../shared/query/matters.ts';

const LocationPicker = lazy(() => import('../matters/LocationPicker.tsx'));

interface IntakeForm {
  description: string;
  category?: number[];
  urgency: Urgency;
  address?: string;
  gridId?: number;
  onBehalf: boolean;
  reporterName?: string;
  reporterPhone?: string;
  channel: 'phone' | 'walk_in';
  resolvedOnSpot: boolean;
  note?: string;
  photos?: UploadFile[];
  attributes?: Record<string, unknown>;
}

const FIELDS = [
  'description',
  'categoryId',
  'urgency',
  'address',
  'gridId',
  'onBehalf',
  'note',
  'photos',
  'attributes',
  'lat',
  'lng',
];

/** 登记事项: staff log a matter someone phoned in or brought, or one fixed on the spot (随手做). */
export default function MatterIntakePage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { index } = useOrgTree();
  const categories = useCategories();
  const [form] = Form.useForm<IntakeForm>();
  const [point, setPoint] = useState<LatLng | null>(null);
  const [located, setLocated] = useState<Located | null>(null);
  const pointRef = useRef<LatLng | null>(null);
  const [suggestions, setSuggestions] = useState<CategorySuggestion[]>([]);
  const [saving, setSaving] = useState(false);
  const [locationError, setLocationError] = useState(false);

  const tree = useMemo(() => categoryTree(categories.data ?? [], ['report', 'help', 'suggestion']), [categories.data]);
  // Filtered as shown, not as they arrive: the catalogue may still be loading then.
  const offered = suggestions.filter((s) => tree.some((node) => node.children?.some((c) => c.value === s.categoryId)));
  const categoryValue = Form.useWatch('category', form);
  const categoryId = categoryValue?.[categoryValue.length - 1];
  const category = categories.data?.find((c) => c.id === categoryId);
  const onBehalf = Form.useWatch('onBehalf', form);
  const resolvedOnSpot = Form.useWatch('resolvedOnSpot', form);
  const photos = Form.useWatch('photos', form);
  const gridId = Form.useWatch('gridId', form);

  const gridOptions = useMemo(
    () =>
      (index?.communities.length
        ? index.communities.map((c) => c.id)
        : [...new Set(index?.tree.grids.map((g) => g.communityId))]
      ).map((communityId) => ({
        value: `c${communityId}`,
        title: index?.divisionById.get(communityId)?.name ?? String(communityId),
        selectable: false,
        children: (index?.gridsOf.get(communityId) ?? []).map((g) => ({ value: g.id, title: g.name })),
      })),
    [index],
  );
  // The grid worker's own community frames the map; others start from their whole area.
  const homeCommunity =
    index?.tree.grids.length && new Set(index.tree.grids.map((g) => g.communityId)).size === 1
      ? index.tree.grids[0]!.communityId
      : undefined;

  const suggest = async () => {
    const description = form.getFieldValue('description')?.trim() ?? '';
    if (description.length < 4) return;
    try {
      const { suggestions: found } = await mattersCalls.suggestCategory(description);
      setSuggestions(found);
    } catch {
      setSuggestions([]); // a suggestion is a help, not a must
    }
  };

  const submit = async (values: IntakeForm) => {
    if (!point && !values.gridId) {
      setLocationError(true);
      return;
    }
    const id = values.category?.[values.category.length - 1];
    if (!id) return;
    const body: ReportInput = {
      categoryId: id,
      description: values.description.trim(),
      urgency: values.urgency,
      address: values.address?.trim() ?? '',
      photos: photoTokens(values.photos),
      attributes: cleanAttributes(values.attributes),
      ...(point ? { lat: point.lat, lng: point.lng } : { gridId: values.gridId }),
      ...(values.onBehalf
        ? {
            onBehalf: {
              name: values.reporterName!.trim(),
              channel: values.channel,
              ...(values.reporterPhone ? { phone: values.reporterPhone.trim() } : {}),
            },
          }
        : {}),
      ...(values.resolvedOnSpot ? { resolvedOnSpot: true, note: values.note?.trim() ?? '' } : {}),
    };
    setSaving(true);
    try {
      const created = await mattersCalls.report(body);
      message.success(t('intake.created', { code: created.code }));
      navigate(`/matters/${created.id}`);
    } catch (error) {
      if (!applyServerFieldErrors(form, error, FIELDS)) message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="gz-page">
      <PageHeader title={t('nav.matterNew')} description={t('intake.subtitle')} />
      {categories.isLoading ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : (
        <Form<IntakeForm>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ urgency: 'normal', onBehalf: true, channel: 'phone', resolvedOnSpot: false }}
          className="gz-intake"
        >
          <Row gutter={16}>
            <Col xs={24} xl={13}>
              <Card title={t('intake.what')}>
                <Form.Item
                  name="description"
                  label={t('intake.description')}
                  rules={[
                    { required: true, whitespace: true, message: t('intake.descriptionRequired') },
                    { min: 4, message: t('intake.descriptionRequired') },
                  ]}
                >
                  <Input.TextArea rows={4} maxLength={2000} showCount onBlur={() => void suggest()} />
                </Form.Item>
                {offered.length > 0 && (
                  <div className="gz-suggestions" data-testid="category-suggestions">
                    <Typography.Text type="secondary">
                      <BulbOutlined /> {t('intake.suggestions')}
                    </Typography.Text>
                    {offered.map((s) => (
                      <Tag.CheckableTag
                        key={s.categoryId}
                        checked={categoryId === s.categoryId}
                        onChange={() =>
                          form.setFieldValue('category', categoryPath(categories.data ?? [], s.categoryId))
                        }
                      >
                        {s.parentName ? `${s.parentName} / ` : ''}
                        {s.name}
                      </Tag.CheckableTag>
                    ))}
                  </div>
                )}
                <Form.Item
                  name="category"
                  label={t('intake.category')}
                  rules={[{ required: true, message: t('intake.categoryRequired') }]}
                >
                  <Cascader
                    showSearch
                    options={tree.map((node) => ({
                      value: node.value,
                      label: node.label,
                      children: node.children?.map((c) => ({ value: c.value, label: c.label })),
                    }))}
                    style={{ maxWidth: 360 }}
                  />
                </Form.Item>
                <CategoryFields category={category} />
                <Form.Item name="urgency" label={t('intake.urgency')}>
                  <Radio.Group
                    optionType="button"
                    options={URGENCIES.map((u) => ({ value: u, label: urgencyLabel(t, u) }))}
                  />
                </Form.Item>
                <Form.Item
                  name="photos"
                  label={t('intake.photos')}
                  valuePropName="value"
                  getValueFromEvent={photoFileList}
                >
                  <PhotoUpload />
                </Form.Item>
              </Card>
              <Card
                title={t('intake.onBehalf')}
                style={{ marginTop: 16 }}
                extra={
                  <Form.Item name="onBehalf" valuePropName="checked" noStyle>
                    <Switch />
                  </Form.Item>
                }
              >
                {onBehalf ? (
                  <>
                    <Typography.Paragraph type="secondary">{t('intake.onBehalfHint')}</Typography.Paragraph>
                    <Space size={16} wrap align="start">
                      <Form.Item
                        name="reporterName"
                        label={t('intake.reporterName')}
                        rules={[{ required: true, whitespace: true, message: t('intake.reporterNameRequired') }]}
                      >
                        <Input maxLength={60} style={{ width: 200 }} />
                      </Form.Item>
                      <Form.Item
                        name="reporterPhone"
                        label={t('intake.reporterPhone')}
                        rules={[
                          {
                            validator: (_r, v?: string) =>
                              !v || isValidPhone(v)
                                ? Promise.resolve()
                                : Promise.reject(new Error(t('validation.phone'))),
                          },
                        ]}
                      >
                        <Input maxLength={20} style={{ width: 200 }} />
                      </Form.Item>
                      <Form.Item name="channel" label={t('intake.channel')}>
                        <Radio.Group
                          optionType="button"
                          options={(['phone', 'walk_in'] as const).map((c) => ({
                            value: c,
                            label: t(`intake.channels.${c}`),
                          }))}
                        />
                      </Form.Item>
                    </Space>
                  </>
                ) : (
                  <Typography.Text type="secondary">{t('intake.onBehalfHint')}</Typography.Text>
                )}
              </Card>
              <Card
                title={t('intake.resolvedOnSpot')}
                style={{ marginTop: 16 }}
                extra={
                  <Form.Item name="resolvedOnSpot" valuePropName="checked" noStyle>
                    <Switch />
                  </Form.Item>
                }
              >
                <Typography.Paragraph type="secondary" style={{ marginBottom: resolvedOnSpot ? 12 : 0 }}>
                  {t('intake.resolvedOnSpotHint')}
                </Typography.Paragraph>
                {resolvedOnSpot && (
                  <Form.Item
                    name="note"
                    label={t('intake.resolvedNote')}
                    rules={[{ required: true, whitespace: true, message: t('intake.resolvedNoteRequired') }]}
                  >
                    <Input.TextArea rows={3} maxLength={1000} />
                  </Form.Item>
                )}
              </Card>
            </Col>
            <Col xs={24} xl={11}>
              <Card title={t('intake.location')} className="gz-intake-location">
                <Suspense fallback={<Spin />}>
                  <LocationPicker
                    value={point}
                    located={located}
                    communityId={homeCommunity}
                    onChange={(next, found) => {
                      // A slow answer for an earlier click must not label the new point.
                      if (
                        next &&
                        pointRef.current &&
                        found?.state !== 'loading' &&
                        (pointRef.current.lat !== next.lat || pointRef.current.lng !== next.lng)
                      )
                        return;
                      pointRef.current = next;
                      setPoint(next);
                      setLocated(found);
                      setLocationError(false);
                      if (found?.state === 'found') form.setFieldValue('gridId', found.result.grid.id);
                    }}
                  />
                </Suspense>
                <Form.Item name="gridId" label={t('intake.grid')} style={{ marginTop: 16 }}>
                  <TreeSelect
                    allowClear
                    showSearch={{ treeNodeFilterProp: 'title' }}
                    treeData={gridOptions}
                    treeDefaultExpandAll
                    disabled={Boolean(point)}
                    onChange={() => setLocationError(false)}
                    style={{ maxWidth: 360 }}
                  />
                </Form.Item>
                {locationError && !point && !gridId && (
                  <Alert type="error" showIcon title={t('intake.locationOrGrid')} style={{ marginBottom: 16 }} />
                )}
                <Form.Item name="address" label={t('intake.address')}>
                  <Input maxLength={200} placeholder={t('intake.addressPlaceholder')} />
                </Form.Item>
              </Card>
              <div className="gz-intake-submit">
                <Button
                  type="primary"
                  size="large"
                  htmlType="submit"
                  loading={saving}
                  disabled={photosStillUploading(photos)}
                  block
                >
                  {t('intake.submit')}
                </Button>
              </div>
            </Col>
          </Row>
        </Form>
      )}
    </div>
  );
}
