import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, ErrorBlock, Form, Input, List, Selector, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { accessApi, accessKeys, type IssuedPass, myPassCompounds } from '../../shared/access.ts';
import { errorMessage } from '../../shared/api.ts';
import { QrCode } from '../../shared/QrCode.tsx';
import { formatDateTime } from '../../shared/time.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';

const HOUR = 3_600_000;
const DURATIONS = [4, 24, 72, 168];

/**
 * 访客通行证: a resident registered at their compound's gates registers a visitor and shows (or
 * sends) the signed QR code, which the gate checks offline within its validity.
 */
export default function VisitorPassPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const compounds = useQuery({ queryKey: [...accessKeys.all, 'mine-compounds'], queryFn: myPassCompounds });
  const mine = useQuery({
    queryKey: [...accessKeys.all, 'mine-passes'],
    queryFn: () => accessApi.passes({ limit: 20 }),
  });
  const [compoundId, setCompoundId] = useState<number | undefined>();
  const [hours, setHours] = useState(24);
  const [issued, setIssued] = useState<IssuedPass | null>(null);
  const chosen = compoundId ?? compounds.data?.items[0]?.id;
  const create = useMutation({
    mutationFn: (v: { visitorName: string; visitorPhone?: string }) => {
      const now = Date.now();
      return accessApi.issuePass({
        compoundId: chosen!,
        visitorName: v.visitorName,
        visitorPhone: v.visitorPhone?.trim() ? v.visitorPhone.trim() : null,
        validFrom: new Date(now).toISOString(),
        validUntil: new Date(now + hours * HOUR).toISOString(),
      });
    },
    onSuccess: (p) => {
      setIssued(p);
      void client.invalidateQueries({ queryKey: accessKeys.all });
    },
    onError: (e) => Toast.show({ content: errorMessage(e) }),
  });
  if (compounds.isPending) return <ListSkeleton />;
  if (compounds.error) return <LoadFailed error={compounds.error} onRetry={() => void compounds.refetch()} />;
  return (
    <div className="h5-page" data-testid="visitor-pass-page">
      <PageNavBar title={t('access.h5.title')} onBack={() => navigate(-1)} />
      {issued ? (
        <div style={{ padding: 16, textAlign: 'center' }} data-testid="visitor-pass">
          <QrCode text={issued.token} size={240} label={t('access.h5.qrLabel')} testId="visitor-pass-qr" />
          <div style={{ fontSize: 18, margin: '12px 0 4px' }}>
            {issued.visitorName} · {issued.compoundName}
          </div>
          <div className="h5-muted">
            {formatDateTime(issued.validFrom)} – {formatDateTime(issued.validUntil)}
          </div>
          <p className="h5-muted h5-small">{t('access.h5.showAtGate')}</p>
          <Button block color="primary" fill="outline" onClick={() => setIssued(null)}>
            {t('welfare.close')}
          </Button>
        </div>
      ) : compounds.data.items.length === 0 ? (
        <ErrorBlock status="empty" title={t('access.h5.notResident')} description="" />
      ) : (
        <Form
          layout="vertical"
          onFinish={(v: { visitorName: string; visitorPhone?: string }) => create.mutate(v)}
          footer={
            <Button block type="submit" color="primary" loading={create.isPending} data-testid="visitor-pass-create">
              {t('access.h5.create')}
            </Button>
          }
        >
          <Form.Header>{t('access.h5.hint')}</Form.Header>
          {compounds.data.items.length > 1 && (
            <Form.Item label={t('access.h5.compoundId')}>
              <Selector
                options={compounds.data.items.map((c) => ({ value: c.id, label: c.name }))}
                value={chosen ? [chosen] : []}
                onChange={(v) => v[0] && setCompoundId(v[0])}
              />
            </Form.Item>
          )}
          <Form.Item name="visitorName" label={t('access.h5.visitorName')} rules={[{ required: true }]}>
            <Input maxLength={40} data-testid="visitor-name" />
          </Form.Item>
          <Form.Item name="visitorPhone" label={t('access.h5.visitorPhone')}>
            <Input type="tel" maxLength={11} />
          </Form.Item>
          <Form.Item label={t('access.h5.hours')}>
            <Selector
              options={DURATIONS.map((n) => ({
                value: n,
                label: n < 24 ? t('access.h5.hoursOption', { n }) : t('access.h5.daysOption', { n: n / 24 }),
              }))}
              value={[hours]}
              onChange={(v) => v[0] && setHours(v[0])}
            />
          </Form.Item>
        </Form>
      )}
      <List header={t('access.h5.mine')}>
        {(mine.data?.items ?? []).length === 0 && <List.Item>{t('access.h5.none')}</List.Item>}
        {(mine.data?.items ?? []).map((p) => (
          <List.Item
            key={p.id}
            description={`${formatDateTime(p.validFrom)} – ${formatDateTime(p.validUntil)}`}
            extra={<Tag color={p.status === 'valid' ? 'success' : 'default'}>{t(`access.statuses.${p.status}`)}</Tag>}
          >
            {p.visitorName} · {p.compoundName}
          </List.Item>
        ))}
      </List>
    </div>
  );
}
