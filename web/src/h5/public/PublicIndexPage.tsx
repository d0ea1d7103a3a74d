import { useQuery } from '@tanstack/react-query';
import { ErrorBlock, List, SearchBar } from 'antd-mobile';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { publicPagesApi } from '../../shared/publicpages.ts';
import { LanguagePicker } from '../LanguagePicker.tsx';
import { ListSkeleton } from '../components/ListSkeleton.tsx';
import { LoadFailed } from '../components/LoadFailed.tsx';
import { PageNavBar } from '../components/PageNavBar.tsx';
import './public.css';

/** /p: every community, by street, each linking to its public page. No sign-in. */
export default function PublicIndexPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const index = useQuery({ queryKey: ['public', 'index'], queryFn: publicPagesApi.index, staleTime: 30_000 });
  const items = useMemo(
    () => (index.data?.items ?? []).filter((c) => !q || c.name.includes(q) || c.street.includes(q)),
    [index.data, q],
  );
  return (
    <div className="h5-public">
      <PageNavBar title={t('publicPages.indexTitle')} />
      <div className="h5-public-bar">
        <p className="h5-public-intro">{t('publicPages.indexIntro')}</p>
        <LanguagePicker />
      </div>
      <div className="h5-public-search">
        <SearchBar placeholder={t('publicPages.search')} value={q} onChange={setQ} />
      </div>
      {index.isPending ? (
        <ListSkeleton />
      ) : index.isError ? (
        <LoadFailed error={index.error} onRetry={() => void index.refetch()} />
      ) : items.length === 0 ? (
        <ErrorBlock status="empty" title={t('publicPages.noCommunities')} description="" />
      ) : (
        <List>
          {items.map((c) => (
            <List.Item key={c.id} description={c.street} arrow>
              <Link to={`/p/${c.id}`} className="h5-public-link" data-testid={`public-community-${c.id}`}>
                {c.name}
              </Link>
            </List.Item>
          ))}
        </List>
      )}
    </div>
  );
}
