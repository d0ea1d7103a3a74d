import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Button,
  ErrorBlock,
  Form,
  Input,
  Popup,
  PullToRefresh,
  SearchBar,
  Selector,
  Stepper,
  Switch,
  Tabs,
  Tag,
  TextArea,
  Toast,
} from 'antd-mobile';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import {
  ARTICLE_KINDS,
  type ArticleKind,
  legalApi,
  legalKeys,
  REPORT_KINDS,
  type ReportKind,
  type ReportReceipt,
} from '../../shared/legal.ts';
import { formatDateTime } from '../../shared/time.ts';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import { useHomePlace } from '../useHomePlace.ts';
import './legal.css';

/** The two numbers to call, always in reach: 96110 to ask, 110 when money is gone. */
function Hotline() {
  const { t } = useTranslation();
  return (
    <section className="h5-card h5-legal-hotline" data-testid="legal-hotline">
      <div className="h5-legal-hotline-title">{t('legal.hotlineTitle')}</div>
      <div className="h5-small">{t('legal.hotlineText')}</div>
      <div className="h5-legal-hotline-calls">
        <a href="tel:96110" className="adm-button adm-button-primary adm-button-shape-rounded">
          {t('legal.call96110')}
        </a>
        <a href="tel:110" className="adm-button adm-button-danger adm-button-shape-rounded">
          {t('legal.call110')}
        </a>
      </div>
    </section>
  );
}

function ArticleSheet({ id, onClose }: { id: number; onClose: () => void }) {
  const { t } = useTranslation();
  const article = useQuery({ queryKey: [...legalKeys.all, 'article', id], queryFn: () => legalApi.article(id) });
  const a = article.data;
  return (
    <div className="h5-legal-sheet" data-testid="legal-article">
      {article.error && <LoadFailed error={article.error} onRetry={() => void article.refetch()} />}
      {!a && !article.error && <ListSkeleton />}
      {a && (
        <>
          <h2 className="h5-legal-sheet-title">{a.title}</h2>
          <div className="h5-legal-tags">
            <Tag color="primary" fill="outline">
              {t(`legal.kinds.${a.kind}`)}
            </Tag>
            {a.fraudType && <Tag color="danger">{t(`legal.fraudTypes.${a.fraudType}`)}</Tag>}
          </div>
          <div className="h5-legal-body">{a.body}</div>
          {a.source && <div className="h5-muted h5-small">{t('legal.source', { source: a.source })}</div>}
          <div className="h5-muted h5-small">
            {a.division.name}
            {a.publishedAt && ` · ${t('legal.publishedAt', { at: formatDateTime(a.publishedAt) })}`}
          </div>
        </>
      )}
      <Button block fill="outline" onClick={onClose}>
        {t('welfare.close')}
      </Button>
    </div>
  );
}

function Library() {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<ArticleKind | undefined>();
  const [open, setOpen] = useState<number | null>(null);
  const list = useQuery({
    queryKey: [...legalKeys.all, 'library', search, kind],
    queryFn: () => legalApi.articles({ q: search || undefined, kind, limit: 50 }),
  });
  let content: ReactNode;
  if (list.error && !list.data) content = <LoadFailed error={list.error} onRetry={() => void list.refetch()} />;
  else if (!list.data) content = <ListSkeleton />;
  else if (list.data.items.length === 0) content = <ErrorBlock status="empty" title={t('legal.empty')} />;
  else
    content = list.data.items.map((a) => (
      <section
        key={a.id}
        className="h5-card h5-legal-item"
        onClick={() => setOpen(a.id)}
        data-testid={`legal-item-${a.id}`}
      >
        <div className="h5-legal-item-title">{a.title}</div>
        {a.summary && <div className="h5-muted h5-small">{a.summary}</div>}
        <div className="h5-legal-tags">
          <Tag fill="outline">{t(`legal.kinds.${a.kind}`)}</Tag>
          {a.fraudType && <Tag color="danger">{t(`legal.fraudTypes.${a.fraudType}`)}</Tag>}
          {a.matched.map((w) => (
            <Tag key={w} color="warning" fill="outline">
              {w}
            </Tag>
          ))}
        </div>
      </section>
    ));
  return (
    <>
      <div className="h5-legal-filters">
        <SearchBar
          placeholder={t('legal.search')}
          onSearch={(v) => setSearch(v.trim())}
          onClear={() => setSearch('')}
          data-testid="legal-search"
        />
        <Selector
          columns={4}
          value={[kind ?? 'all']}
          onChange={(v) => setKind(v[0] === 'all' || !v[0] ? undefined : (v[0] as ArticleKind))}
          options={[
            { value: 'all', label: t('legal.all') },
            ...ARTICLE_KINDS.map((k) => ({ value: k, label: t(`legal.kinds.${k}`) })),
          ]}
        />
      </div>
      <PullToRefresh onRefresh={async () => void (await list.refetch())}>{content}</PullToRefresh>
      <Popup visible={open !== null} onMaskClick={() => setOpen(null)} bodyStyle={{ borderRadius: '12px 12px 0 0' }}>
        {open !== null && <ArticleSheet id={open} onClose={() => setOpen(null)} />}
      </Popup>
    </>
  );
}

interface ReportFields {
  kind: ReportKind[];
  target: string;
  description: string;
  moneyLost: boolean;
  amountYuan?: number;
}

function Receipt({ receipt, onDone }: { receipt: ReportReceipt; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="h5-card h5-legal-receipt" data-testid="legal-receipt">
      <div className="h5-legal-item-title">{t('legal.reportForm.sent')}</div>
      {receipt.sameTargetReports > 1 && (
        <Tag color="danger">{t('legal.reportForm.sameTarget', { count: receipt.sameTargetReports })}</Tag>
      )}
      {receipt.advice.callPoliceNow && <div className="h5-legal-urgent">{t('legal.reportForm.urgent')}</div>}
      <div className="h5-legal-item-title">{t('legal.reportForm.stepsTitle')}</div>
      <ol className="h5-legal-steps">
        {receipt.advice.steps.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
      <Button block onClick={onDone}>
        {t('welfare.close')}
      </Button>
    </section>
  );
}

function ReportForm() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const home = useHomePlace();
  const [form] = Form.useForm<ReportFields>();
  const moneyLost = Form.useWatch('moneyLost', form);
  const [receipt, setReceipt] = useState<ReportReceipt | null>(null);
  const send = useMutation({
    mutationFn: (v: ReportFields) =>
      legalApi.report({
        kind: v.kind[0] ?? 'phone',
        target: v.target.trim(),
        description: v.description.trim(),
        moneyLost: v.moneyLost,
        amountYuan: v.moneyLost && v.amountYuan ? v.amountYuan : null,
        ...(home.communityId ? { communityId: home.communityId } : {}),
      }),
    onSuccess: (r) => {
      setReceipt(r);
      form.resetFields();
      void client.invalidateQueries({ queryKey: legalKeys.all });
    },
    onError: (e) => Toast.show({ icon: 'fail', content: errorMessage(e) }),
  });
  if (receipt) return <Receipt receipt={receipt} onDone={() => setReceipt(null)} />;
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={{ kind: ['phone'], moneyLost: false }}
      onFinish={(v) => send.mutate(v)}
      footer={
        <Button block type="submit" color="primary" size="large" loading={send.isPending} data-testid="legal-submit">
          {t('legal.reportForm.submit')}
        </Button>
      }
    >
      <Form.Item name="kind" label={t('legal.reportForm.kind')}>
        <Selector columns={5} options={REPORT_KINDS.map((k) => ({ value: k, label: t(`legal.reportKinds.${k}`) }))} />
      </Form.Item>
      <Form.Item
        name="target"
        label={t('legal.reportForm.target')}
        rules={[{ required: true, min: 3, message: t('legal.reportForm.targetRequired') }]}
      >
        <Input placeholder={t('legal.reportForm.targetPlaceholder')} data-testid="legal-target" />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('legal.reportForm.description')}
        rules={[{ required: true, min: 4, message: t('legal.reportForm.descriptionRequired') }]}
      >
        <TextArea
          rows={3}
          maxLength={2000}
          placeholder={t('legal.reportForm.descriptionPlaceholder')}
          data-testid="legal-description"
        />
      </Form.Item>
      <Form.Item name="moneyLost" label={t('legal.reportForm.moneyLost')} valuePropName="checked">
        <Switch data-testid="legal-money-lost" />
      </Form.Item>
      {moneyLost && (
        <Form.Item name="amountYuan" label={t('legal.reportForm.amount')}>
          <Stepper min={0} max={100_000_000} digits={2} />
        </Form.Item>
      )}
    </Form>
  );
}

function MyReports() {
  const { t } = useTranslation();
  const mine = useQuery({
    queryKey: [...legalKeys.all, 'mine'],
    queryFn: () => legalApi.myReports({ limit: 50 }),
  });
  if (mine.error && !mine.data) return <LoadFailed error={mine.error} onRetry={() => void mine.refetch()} />;
  if (!mine.data) return <ListSkeleton />;
  if (mine.data.items.length === 0) return <ErrorBlock status="empty" title={t('legal.emptyReports')} />;
  return (
    <>
      {mine.data.items.map((r) => (
        <section key={r.id} className="h5-card" data-testid="legal-my-report">
          <div className="h5-legal-tags">
            <Tag fill="outline">{t(`legal.reportKinds.${r.kind}`)}</Tag>
            <span className="h5-legal-target">{r.target}</span>
          </div>
          <div className="h5-small">{r.description}</div>
          <div className="h5-muted h5-small">{formatDateTime(r.createdAt)}</div>
        </section>
      ))}
    </>
  );
}

/** 普法反诈: search laws and cases, report a suspicious number or link, and call 96110 or 110 at once. */
export default function LegalPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [tab, setTab] = useState('library');
  return (
    <div className="h5-page">
      <PageNavBar title={t('legal.title')} onBack={() => navigate(-1)} />
      <Hotline />
      <Tabs activeKey={tab} onChange={setTab}>
        <Tabs.Tab title={t('legal.libraryTab')} key="library" />
        <Tabs.Tab title={t('legal.reportTab')} key="report" />
        <Tabs.Tab title={t('legal.mineTab')} key="mine" />
      </Tabs>
      {tab === 'library' && <Library />}
      {tab === 'report' && <ReportForm />}
      {tab === 'mine' && <MyReports />}
    </div>
  );
}
