import { App, Checkbox, Col, Form, Input, InputNumber, Modal, Row, Select, Switch, TreeSelect } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { isValidPhone } from '../../shared/personal-data.ts';
import {
  FACILITIES,
  KIND_SERVICES,
  SERVICE_KINDS,
  STATION_KINDS,
  type Facility,
  type LatLng,
  type OpeningHours,
  type ServiceKind,
  type Station,
  type StationInput,
  type StationKind,
} from '../../shared/types.ts';
import { applyServerFieldErrors } from '../components/formErrors.ts';
import { useOrgTree } from '../org/OrgTreeContext.tsx';
import type { OrgIndex } from '../org/orgIndex.ts';
import { PointField } from './PointField.tsx';
import { OpeningHoursEditor } from './OpeningHoursEditor.tsx';
import { mattersCalls } from '../../shared/query/matters.ts';

interface StationForm {
  point: LatLng | null;
  kind: StationKind;
  name: string;
  divisionId?: number;
  address: string;
  phone: string;
  facilities: Facility[];
  services: ServiceKind[];
  capacity: number | null;
  openingHours: OpeningHours;
  active: boolean;
}

const FIELDS = [
  'kind',
  'name',
  'divisionId',
  'address',
  'phone',
  'facilities',
  'services',
  'capacity',
  'openingHours',
  'active',
  'lat',
  'lng',
];

interface DivisionNode {
  value: number;
  title: string;
  selectable: boolean;
  children: DivisionNode[];
}

/** Streets and communities the caller works in; a station belongs to one of them. */
function divisionTree(index: OrgIndex | undefined): DivisionNode[] {
  if (!index) return [];
  const build = (id: number): DivisionNode => {
    const d = index.divisionById.get(id)!;
    return {
      value: d.id,
      title: d.name,
      selectable: d.inScope && (d.level === 'street' || d.level === 'community'),
      children: (index.childrenOf.get(id) ?? [])
        .filter((c) => c.level !== 'community' || c.inScope)
        .map((c) => build(c.id)),
    };
  };
  return (index.childrenOf.get(null) ?? []).map((d) => build(d.id));
}

/** Add or change a service station: kind, place, hours, facilities. */
export function StationFormModal({
  station,
  onClose,
  onSaved,
}: {
  station: Station | 'new';
  onClose: () => void;
  onSaved: (s: Station) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { index } = useOrgTree();
  const [form] = Form.useForm<StationForm>();
  const editing = station === 'new' ? null : station;
  const [saving, setSaving] = useState(false);
  const tree = useMemo(() => divisionTree(index), [index]);

  const submit = async (values: StationForm) => {
    const point = values.point!;
    const body: StationInput = {
      kind: values.kind,
      name: values.name.trim(),
      divisionId: values.divisionId!,
      lat: point.lat,
      lng: point.lng,
      address: values.address?.trim() ?? '',
      phone: values.phone?.trim() ?? '',
      facilities: values.facilities ?? [],
      services: values.services ?? [],
      capacity: values.capacity ?? null,
      openingHours: values.openingHours,
      active: values.active,
    };
    setSaving(true);
    try {
      const saved = editing
        ? await mattersCalls.updateStation(editing.id, body)
        : await mattersCalls.createStation(body);
      message.success(t(editing ? 'stations.saved' : 'stations.created', { name: saved.name }));
      onSaved(saved);
    } catch (error) {
      if (!applyServerFieldErrors(form, error, FIELDS)) message.error(errorMessage(error));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={editing ? t('stations.editTitle', { name: editing.name }) : t('stations.createTitle')}
      okText={t('common.save')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: saving }}
      onCancel={onClose}
      width={980}
      destroyOnHidden
    >
      <Form<StationForm>
        form={form}
        layout="vertical"
        onFinish={submit}
        // A new station offers its kind's services until someone chooses otherwise.
        onValuesChange={(changed: Partial<StationForm>) => {
          if (!editing && changed.kind && !form.isFieldTouched('services'))
            form.setFieldValue('services', [...KIND_SERVICES[changed.kind]]);
        }}
        initialValues={
          editing
            ? { ...editing, point: { lat: editing.lat, lng: editing.lng } }
            : {
                kind: 'warm_station',
                point: null,
                services: [...KIND_SERVICES.warm_station],
                capacity: null,
                facilities: ['water', 'charger'],
                openingHours: { always: true },
                active: true,
                address: '',
                phone: '',
              }
        }
      >
        <Row gutter={24}>
          <Col xs={24} lg={12}>
            <Row gutter={12}>
              <Col span={10}>
                <Form.Item name="kind" label={t('stations.kind')} rules={[{ required: true }]}>
                  <Select options={STATION_KINDS.map((k) => ({ value: k, label: t(`stations.kinds.${k}`) }))} />
                </Form.Item>
              </Col>
              <Col span={14}>
                <Form.Item
                  name="name"
                  label={t('stations.name')}
                  rules={[{ required: true, whitespace: true, message: t('stations.nameRequired') }]}
                >
                  <Input maxLength={80} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item
              name="divisionId"
              label={t('stations.division')}
              rules={[{ required: true, message: t('stations.divisionRequired') }]}
            >
              <TreeSelect treeData={tree} treeDefaultExpandAll showSearch={{ treeNodeFilterProp: 'title' }} />
            </Form.Item>
            <Row gutter={12}>
              <Col span={14}>
                <Form.Item name="address" label={t('stations.address')}>
                  <Input maxLength={200} />
                </Form.Item>
              </Col>
              <Col span={10}>
                <Form.Item
                  name="phone"
                  label={t('stations.phone')}
                  rules={[
                    {
                      validator: (_r, v?: string) =>
                        !v || isValidPhone(v) ? Promise.resolve() : Promise.reject(new Error(t('validation.phone'))),
                    },
                  ]}
                >
                  <Input maxLength={20} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="facilities" label={t('stations.facilitiesLabel')}>
              <Checkbox.Group
                className="gz-facility-checks"
                options={FACILITIES.map((f) => ({ value: f, label: t(`stations.facilities.${f}`) }))}
              />
            </Form.Item>
            <Row gutter={12}>
              <Col span={16}>
                <Form.Item name="services" label={t('stations.servicesLabel')} tooltip={t('stations.servicesHint')}>
                  <Select
                    mode="multiple"
                    allowClear
                    options={SERVICE_KINDS.map((s) => ({ value: s, label: t(`stations.services.${s}`) }))}
                  />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="capacity" label={t('stations.capacity')}>
                  <InputNumber min={0} max={100000} precision={0} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
            <Form.Item name="openingHours" label={t('stations.hours')}>
              <OpeningHoursEditor />
            </Form.Item>
            <Form.Item name="active" label={t('stations.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
          <Col xs={24} lg={12}>
            <Form.Item
              name="point"
              label={t('stations.position')}
              rules={[{ required: true, message: t('stations.positionRequired') }]}
            >
              <PointField
                center={editing ? { lat: editing.lat, lng: editing.lng } : undefined}
                hint={t('stations.positionHint')}
                onCommunity={(id) => {
                  if (!form.getFieldValue('divisionId')) form.setFieldValue('divisionId', id);
                }}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
