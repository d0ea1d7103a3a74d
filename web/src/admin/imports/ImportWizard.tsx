import { ApartmentOutlined, DownloadOutlined, HomeOutlined, InboxOutlined, TeamOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Progress, Radio, Skeleton, Space, Steps, Table, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { can, useMe } from '../../shared/session.tsx';
import type { ImportJob, ImportKind } from '../../shared/types.ts';
import { LoadError } from '../components/LoadError.tsx';
import { ImportResult } from './ImportResult.tsx';
import { isFinished, progressPercent } from './status.ts';
import { orgQueries, orgUrls } from '../../shared/query/org.ts';
import { useQuery } from '@tanstack/react-query';
import { orgCalls } from '../../shared/query/org.ts';

const POLL_MS = 500;
const MAX_BYTES = 20 * 1024 * 1024; // the server's default IMPORT_MAX_BYTES

type Step = 'kind' | 'template' | 'upload' | 'progress' | 'result';
const STEPS: Step[] = ['kind', 'template', 'upload', 'progress', 'result'];

/** Choose kind → get the template → upload → watch it being checked → see what happened. */
export function ImportWizard({ onFinished }: { onFinished: () => void }) {
  const { t } = useTranslation();
  const [step, setStep] = useState<Step>('kind');
  const [kind, setKind] = useState<ImportKind>('persons');
  const [job, setJob] = useState<ImportJob | null>(null);

  // Poll while the server works through the file.
  useEffect(() => {
    if (!job || isFinished(job.status)) return;
    const timer = setTimeout(() => {
      orgCalls.importJob(job.id).then(
        (next) => {
          setJob(next);
          if (isFinished(next.status)) {
            setStep('result');
            onFinished();
          }
        },
        () => setJob({ ...job }), // a missed poll is tried again
      );
    }, POLL_MS);
    return () => clearTimeout(timer);
  }, [job, onFinished]);

  const restart = () => {
    setJob(null);
    setStep('kind');
  };

  return (
    <Card>
      <Steps
        current={STEPS.indexOf(step)}
        items={STEPS.map((s) => ({ title: t(`imports.steps.${s}`) }))}
        style={{ marginBottom: 32 }}
      />
      {step === 'kind' && <KindStep kind={kind} onChange={setKind} onNext={() => setStep('template')} />}
      {step === 'template' && (
        <TemplateStep kind={kind} onBack={() => setStep('kind')} onNext={() => setStep('upload')} />
      )}
      {step === 'upload' && (
        <UploadStep
          kind={kind}
          onBack={() => setStep('template')}
          onStarted={(started) => {
            setJob(started);
            setStep(isFinished(started.status) ? 'result' : 'progress');
          }}
        />
      )}
      {step === 'progress' && job && <ProgressStep job={job} />}
      {step === 'result' && job && (
        <ImportResult
          job={job}
          actions={[
            <Button type="primary" key="again" onClick={restart}>
              {t('imports.importAnother')}
            </Button>,
            job.status === 'succeeded' && (
              <Link key="view" to={{ persons: '/persons', buildings: '/buildings', divisions: '/org' }[job.kind]}>
                <Button>
                  {
                    {
                      persons: t('imports.viewPersons'),
                      buildings: t('imports.viewBuildings'),
                      divisions: t('imports.viewDivisions'),
                    }[job.kind]
                  }
                </Button>
              </Link>
            ),
          ]}
        />
      )}
    </Card>
  );
}

function KindStep({
  kind,
  onChange,
  onNext,
}: {
  kind: ImportKind;
  onChange: (kind: ImportKind) => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const me = useMe();
  return (
    <div className="gz-wizard-step">
      <Radio.Group value={kind} onChange={(e) => onChange(e.target.value as ImportKind)} className="gz-kind-choice">
        <Radio.Button value="persons">
          <TeamOutlined className="gz-kind-icon" />
          <div>
            <strong>{t('imports.kinds.persons')}</strong>
            <div className="gz-kind-hint">{t('imports.kindHints.persons')}</div>
          </div>
        </Radio.Button>
        <Radio.Button value="buildings">
          <HomeOutlined className="gz-kind-icon" />
          <div>
            <strong>{t('imports.kinds.buildings')}</strong>
            <div className="gz-kind-hint">{t('imports.kindHints.buildings')}</div>
          </div>
        </Radio.Button>
        {/* Streets and communities: only for those who may make divisions (street and district). */}
        {can(me, 'org.division.write') && (
          <Radio.Button value="divisions">
            <ApartmentOutlined className="gz-kind-icon" />
            <div>
              <strong>{t('imports.kinds.divisions')}</strong>
              <div className="gz-kind-hint">{t('imports.kindHints.divisions')}</div>
            </div>
          </Radio.Button>
        )}
      </Radio.Group>
      <div className="gz-wizard-actions">
        <Button type="primary" onClick={onNext}>
          {t('common.next')}
        </Button>
      </div>
    </div>
  );
}

function parseCsvLine(line: string): string[] {
  // The template is simple (no quoted commas), so a split is enough for a preview.
  return line.replace(/^\uFEFF/, '').split(',');
}

function TemplateStep({ kind, onBack, onNext }: { kind: ImportKind; onBack: () => void; onNext: () => void }) {
  const { t } = useTranslation();
  const template = useQuery(orgQueries.importTemplate(kind));
  const [header = [], example = []] = (template.data ?? '').split(/\r?\n/).filter(Boolean).map(parseCsvLine);

  return (
    <div className="gz-wizard-step">
      <Alert
        type="info"
        showIcon
        title={t(`imports.templateHelp.${kind}`)}
        description={t('imports.templateRules')}
        style={{ marginBottom: 16 }}
      />
      {template.error ? (
        <LoadError error={template.error} onRetry={() => void template.refetch()} />
      ) : !template.data ? (
        <Skeleton active />
      ) : (
        <Table
          className="gz-template-table"
          size="small"
          bordered
          pagination={false}
          scroll={{ x: 'max-content' }}
          rowKey="key"
          dataSource={[{ key: 'example', ...Object.fromEntries(example.map((v, i) => [`c${i}`, v])) }]}
          columns={header.map((name, i) => ({
            title: name,
            dataIndex: `c${i}`,
            render: (v?: string) => v || <span className="gz-muted">—</span>,
          }))}
        />
      )}
      <div className="gz-wizard-actions">
        <Button onClick={onBack}>{t('common.back')}</Button>
        <Button
          icon={<DownloadOutlined />}
          href={orgUrls.importTemplateXlsx(kind)}
          download={t(`imports.templateFileXlsx.${kind}`)}
          data-testid="template-xlsx"
        >
          {t('imports.downloadTemplateXlsx')}
        </Button>
        <Button
          icon={<DownloadOutlined />}
          href={orgUrls.importTemplate(kind)}
          download={t(`imports.templateFile.${kind}`)}
        >
          {t('imports.downloadTemplate')}
        </Button>
        <Button type="primary" onClick={onNext}>
          {t('imports.haveFile')}
        </Button>
      </div>
    </div>
  );
}

function UploadStep({
  kind,
  onBack,
  onStarted,
}: {
  kind: ImportKind;
  onBack: () => void;
  onStarted: (job: ImportJob) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [uploading, setUploading] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const upload = async (file: File) => {
    setFailure(null);
    if (!/\.(csv|xlsx)$/i.test(file.name)) {
      setFailure(t('imports.notCsv'));
      return;
    }
    if (file.size > MAX_BYTES) {
      setFailure(t('imports.tooLarge', { mb: MAX_BYTES / 1024 / 1024 }));
      return;
    }
    setUploading(true);
    const form = new FormData();
    form.append('kind', kind); // before the file: the server reads the parts in order
    form.append('file', file, file.name);
    try {
      const job = await orgCalls.startImport(form);
      message.success(t('imports.uploaded', { name: file.name }));
      onStarted(job);
    } catch (error) {
      setFailure(errorMessage(error));
    } finally {
      setUploading(false);
    }
  };

  return (
    <div className="gz-wizard-step">
      {failure && <Alert type="error" showIcon title={failure} style={{ marginBottom: 16 }} role="alert" />}
      <Upload.Dragger
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        multiple={false}
        showUploadList={false}
        disabled={uploading}
        beforeUpload={(file) => {
          void upload(file);
          return false; // we send it ourselves, with the CSRF token
        }}
      >
        <p className="ant-upload-drag-icon">
          <InboxOutlined />
        </p>
        <p className="ant-upload-text">{uploading ? t('imports.uploading') : t('imports.dropHere')}</p>
        <p className="ant-upload-hint">{t('imports.dropHint', { kind: t(`imports.kinds.${kind}`) })}</p>
      </Upload.Dragger>
      <div className="gz-wizard-actions">
        <Button onClick={onBack} disabled={uploading}>
          {t('common.back')}
        </Button>
      </div>
    </div>
  );
}

function ProgressStep({ job }: { job: ImportJob }) {
  const { t } = useTranslation();
  return (
    <div className="gz-wizard-step gz-import-progress" data-testid="import-progress">
      <Typography.Title level={5}>{job.fileName}</Typography.Title>
      <Progress percent={progressPercent(job)} status="active" />
      <Space orientation="vertical" style={{ marginTop: 12 }}>
        <Typography.Text>{t(`imports.status.${job.status}`)}</Typography.Text>
        {job.totalRows > 0 && (
          <Typography.Text type="secondary">
            {t('imports.checkedRows', { processed: job.processedRows, total: job.totalRows })}
          </Typography.Text>
        )}
      </Space>
    </div>
  );
}
