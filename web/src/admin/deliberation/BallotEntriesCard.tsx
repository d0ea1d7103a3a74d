import {
  App,
  Button,
  Card,
  Empty,
  Form,
  Image,
  Input,
  Modal,
  Radio,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { UploadFile } from 'antd';
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import type { BallotEntry, VoteView } from '../../shared/deliberation.ts';
import { deliberationCalls, deliberationKeys, deliberationQueries } from '../../shared/query/deliberation.ts';
import { formatDateTime } from '../../shared/time.ts';
import { photoFileList, photosStillUploading, photoTokens, PhotoUpload } from '../matters/PhotoUpload.tsx';

const CHANNEL_COLORS = { online: 'blue', paper: 'orange', proxy: 'purple' } as const;

interface EntryForm {
  voterKey: string;
  choice: string;
  proxyName?: string;
  photos: UploadFile[];
}

/** 录入纸质票 / 登记委托: the form, picking the elector from the vote's roll by building, unit or room. */
function EntryModal({ vote, channel, onClose }: { vote: VoteView; channel: 'paper' | 'proxy'; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<EntryForm>();
  const [q, setQ] = useState('');
  const [busy, setBusy] = useState(false);
  const roll = useQuery(deliberationQueries.electors(vote.id, { q, limit: 50 }));

  const submit = async (values: EntryForm) => {
    if (photosStillUploading(values.photos)) return;
    setBusy(true);
    try {
      await deliberationCalls.enterBallot(vote.id, {
        channel,
        voterKey: values.voterKey,
        choice: values.choice,
        photos: photoTokens(values.photos),
        ...(channel === 'proxy' ? { proxyName: values.proxyName } : {}),
      });
      message.success(t('voteChannels.saved'));
      void queryClient.invalidateQueries({ queryKey: deliberationKeys.all });
      onClose();
    } catch (error) {
      message.error(errorMessage(error));
      void queryClient.invalidateQueries({ queryKey: deliberationKeys.electors(vote.id, {}) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={channel === 'paper' ? t('voteChannels.enterPaper') : t('voteChannels.enterProxy')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      destroyOnHidden
      data-testid="entry-modal"
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ photos: [] }}>
        <Form.Item
          name="voterKey"
          label={t('voteChannels.elector')}
          rules={[{ required: true, message: t('voteChannels.pickElector') }]}
        >
          <Select
            showSearch={{ filterOption: false, onSearch: setQ }}
            placeholder={t('voteChannels.electorSearch')}
            loading={roll.isFetching}
            notFoundContent={roll.isFetching ? null : undefined}
            options={(roll.data?.items ?? []).map((e) => ({
              value: e.voterKey,
              disabled:
                e.channel !== null && !(e.channel === 'online' && vote.secondBallot === 'paper_replaces_online'),
              label: [
                e.people[0]?.address ?? e.voterKey,
                e.people.map((p) => p.name).join('、'),
                e.areaM2 !== null ? `${e.areaM2} m²` : '',
                e.channel ? t('voteChannels.electorVoted', { channel: t(`voteChannels.channel.${e.channel}`) }) : '',
              ]
                .filter(Boolean)
                .join(' · '),
            }))}
          />
        </Form.Item>
        <Form.Item
          name="choice"
          label={t('voteChannels.choice')}
          rules={[{ required: true, message: t('voteChannels.pickChoice') }]}
        >
          <Radio.Group options={vote.options.map((o) => ({ value: o.key, label: o.label }))} />
        </Form.Item>
        {channel === 'proxy' && (
          <Form.Item
            name="proxyName"
            label={t('voteChannels.proxyName')}
            extra={t('voteChannels.proxyNameHint')}
            rules={[{ required: true, whitespace: true, max: 40 }]}
          >
            <Input maxLength={40} />
          </Form.Item>
        )}
        <Form.Item
          name="photos"
          label={channel === 'paper' ? t('voteChannels.sheetPhoto') : t('voteChannels.proxyDocument')}
          getValueFromEvent={photoFileList}
          rules={[
            {
              validator: (_r, files: UploadFile[] | undefined) =>
                photoTokens(files).length > 0
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('voteChannels.photoRequired'))),
            },
          ]}
        >
          <PhotoUpload />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ProxyName({ vote, entry }: { vote: VoteView; entry: BallotEntry }) {
  const { t } = useTranslation();
  const [whole, setWhole] = useState<string | null>(null);
  if (!entry.proxyName) return null;
  return (
    <Space size={4}>
      {whole ?? entry.proxyName}
      {!whole && (
        <Button
          type="link"
          size="small"
          onClick={() => void deliberationCalls.revealProxy(vote.id, entry.id).then((r) => setWhole(r.proxyName))}
        >
          {t('voteChannels.reveal')}
        </Button>
      )}
    </Space>
  );
}

/** The paper and proxy ballots of a vote: enter one (while it is open) and the list of those entered. */
export function BallotEntriesCard({ vote }: { vote: VoteView }) {
  const { t } = useTranslation();
  const [entering, setEntering] = useState<'paper' | 'proxy' | null>(null);
  const entries = useInfiniteQuery(deliberationQueries.entries(vote.id));
  const items = entries.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <Card
      size="small"
      title={t('voteChannels.entries', { count: vote.ballotsByChannel.paper + vote.ballotsByChannel.proxy })}
      data-testid="ballot-entries"
      extra={
        vote.phase === 'open' && (
          <Space>
            <Button type="primary" onClick={() => setEntering('paper')} data-testid="enter-paper">
              {t('voteChannels.enterPaper')}
            </Button>
            <Button onClick={() => setEntering('proxy')} data-testid="enter-proxy">
              {t('voteChannels.enterProxy')}
            </Button>
          </Space>
        )
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('voteChannels.secondBallot.label')}：{t(`voteChannels.secondBallot.${vote.secondBallot}`)}
      </Typography.Paragraph>
      <Table<BallotEntry>
        rowKey="id"
        size="small"
        loading={entries.isLoading}
        dataSource={items}
        pagination={false}
        locale={{ emptyText: <Empty description={t('voteChannels.noEntries')} /> }}
        columns={[
          {
            title: t('voteChannels.elector'),
            render: (_v, e) => (
              <span>
                {e.people[0]?.address ?? e.voterKey}
                <Typography.Text type="secondary"> {e.people.map((p) => p.name).join('、')}</Typography.Text>
              </span>
            ),
          },
          {
            title: t('voteChannels.byChannel'),
            render: (_v, e) => (
              <Space size={4}>
                <Tag color={CHANNEL_COLORS[e.channel]}>{t(`voteChannels.channel.${e.channel}`)}</Tag>
                {e.replacedOnline && <Tag>{t('voteChannels.replacedOnline')}</Tag>}
              </Space>
            ),
          },
          { title: t('voteChannels.proxyName'), render: (_v, e) => <ProxyName vote={vote} entry={e} /> },
          {
            title: t('voteChannels.sheetPhoto'),
            render: (_v, e) => (
              <Image.PreviewGroup>
                {e.photos.map((p) => (
                  <Image key={p.url} src={p.thumbnailUrl} preview={{ src: p.url }} width={36} height={36} />
                ))}
              </Image.PreviewGroup>
            ),
          },
          { title: t('voteChannels.enteredBy'), dataIndex: 'enteredBy' },
          { title: t('voteChannels.enteredAt'), render: (_v, e) => formatDateTime(e.enteredAt).slice(0, 16) },
        ]}
      />
      {entries.hasNextPage && (
        <Button block type="link" onClick={() => void entries.fetchNextPage()} loading={entries.isFetchingNextPage}>
          {t('voteChannels.more')}
        </Button>
      )}
      {entering && <EntryModal vote={vote} channel={entering} onClose={() => setEntering(null)} />}
    </Card>
  );
}
