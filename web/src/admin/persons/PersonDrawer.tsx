import { DeleteOutlined, EditOutlined, EyeOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { App, Button, Descriptions, Drawer, Popconfirm, Skeleton, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../shared/api.ts';
import { can, useMe } from '../../shared/session.tsx';
import { formatDateTime } from '../../shared/time.ts';
import type { Person, PersonSecrets } from '../../shared/types.ts';
import { LoadError } from '../components/LoadError.tsx';
import { IssueInvitationButton } from '../invitations/IssueInvitationButton.tsx';
import { TagList } from '../components/TagList.tsx';
import { genderAndAge, homeOf } from './format.ts';
import { orgQueries } from '../../shared/query/org.ts';
import { useQuery } from '@tanstack/react-query';
import { orgCalls } from '../../shared/query/org.ts';

interface PersonDrawerProps {
  personId: number | null;
  onClose: () => void;
  onEdit: (person: Person) => void;
  onDeleted: () => void;
}

export function PersonDrawer({ personId, onClose, onEdit, onDeleted }: PersonDrawerProps) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const me = useMe();
  const [secrets, setSecrets] = useState<PersonSecrets | null>(null);
  const [revealing, setRevealing] = useState(false);
  // Saved edits invalidate the org keys, so the drawer shows the saved values by itself.
  const person = useQuery({ ...orgQueries.person(personId ?? 0), enabled: personId !== null });
  // biome-ignore lint/correctness/useExhaustiveDependencies: revealed numbers are forgotten for another person or a fresh load
  useEffect(() => setSecrets(null), [personId, person.dataUpdatedAt]);

  const reveal = async () => {
    if (personId === null) return;
    setRevealing(true);
    try {
      setSecrets(await orgCalls.revealPerson(personId));
    } catch (error) {
      message.error(errorMessage(error));
    } finally {
      setRevealing(false);
    }
  };

  const remove = async (p: Person) => {
    try {
      await orgCalls.deletePerson(p.id);
      message.success(t('persons.deleted', { name: p.name }));
      onDeleted();
    } catch (error) {
      message.error(errorMessage(error));
    }
  };

  const p = person.data;
  const canWrite = can(me, 'org.person.write');
  return (
    <Drawer
      title={p ? p.name : t('persons.detail')}
      open={personId !== null}
      onClose={onClose}
      size={560}
      extra={
        p &&
        canWrite && (
          <Space>
            <IssueInvitationButton kind="person" targetId={p.id} targetName={p.name} />
            <Button icon={<EditOutlined />} onClick={() => onEdit(p)}>
              {t('common.edit')}
            </Button>
            <Popconfirm
              title={t('persons.deleteConfirm', { name: p.name })}
              description={t('persons.deleteHint')}
              okText={t('common.delete')}
              okButtonProps={{ danger: true }}
              onConfirm={() => remove(p)}
            >
              <Button danger icon={<DeleteOutlined />}>
                {t('common.delete')}
              </Button>
            </Popconfirm>
          </Space>
        )
      }
    >
      {person.error ? (
        <LoadError error={person.error} onRetry={() => void person.refetch()} />
      ) : !p ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <Space orientation="vertical" size={20} style={{ width: '100%' }}>
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { width: 130 } }}
            title={t('persons.basicInfo')}
            items={[
              { key: 'name', label: t('persons.name'), children: p.name },
              { key: 'gender', label: t('persons.genderAge'), children: genderAndAge(t, p) },
              { key: 'birth', label: t('persons.birthDate'), children: p.birthDate ?? '—' },
              { key: 'tags', label: t('persons.tags'), children: <TagList tags={p.tags} /> },
              { key: 'owner', label: t('persons.isOwner'), children: p.isOwner ? t('common.yes') : t('common.no') },
              { key: 'note', label: t('persons.note'), children: p.note || '—' },
            ]}
          />
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { width: 130 } }}
            title={t('persons.numbers')}
            extra={
              can(me, 'org.person.reveal') &&
              !secrets && (
                <Popconfirm
                  title={t('persons.revealConfirmTitle')}
                  description={t('persons.revealConfirm')}
                  okText={t('persons.revealOk')}
                  onConfirm={reveal}
                >
                  <Button size="small" icon={<EyeOutlined />} loading={revealing}>
                    {t('persons.reveal')}
                  </Button>
                </Popconfirm>
              )
            }
            items={[
              {
                key: 'id',
                label: t('persons.idNumber'),
                children: (
                  <span className="gz-mono" data-testid="person-id-number">
                    {(secrets ? secrets.idNumber : p.idNumber) ?? '—'}
                  </span>
                ),
              },
              {
                key: 'phone',
                label: t('persons.phone'),
                children: secrets?.phone ? (
                  <a className="gz-mono" href={`tel:${secrets.phone}`} data-testid="person-phone">
                    {secrets.phone}
                  </a>
                ) : (
                  <span className="gz-mono" data-testid="person-phone">
                    {p.phone ?? '—'}
                  </span>
                ),
              },
            ]}
          />
          {secrets && (
            <Tag icon={<SafetyCertificateOutlined />} color="warning">
              {t('persons.revealedAudited')}
            </Tag>
          )}
          <Descriptions
            column={1}
            size="small"
            bordered
            styles={{ label: { width: 130 } }}
            title={t('persons.residence')}
            items={[
              { key: 'community', label: t('persons.community'), children: p.communityName },
              { key: 'grid', label: t('persons.grid'), children: p.gridName ?? '—' },
              { key: 'home', label: t('persons.home'), children: homeOf(p) },
              { key: 'address', label: t('persons.address'), children: p.address || '—' },
              { key: 'updated', label: t('persons.updatedAt'), children: formatDateTime(p.updatedAt) },
            ]}
          />
          <Typography.Text type="secondary">{t('persons.privacyNote')}</Typography.Text>
        </Space>
      )}
    </Drawer>
  );
}
