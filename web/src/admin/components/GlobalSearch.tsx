import {
  AlertOutlined,
  ApartmentOutlined,
  HomeOutlined,
  SearchOutlined,
  SolutionOutlined,
  UserOutlined,
  WifiOutlined,
} from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { AutoComplete, Input, Typography, type InputRef } from 'antd';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { errorMessage } from '../../shared/api.ts';
import { searchQueries, type SearchHit, type SearchKind } from '../../shared/query/search.ts';

/** Where each kind of hit opens in the console. */
const HIT_PAGES: Record<SearchKind, (hit: SearchHit) => string> = {
  person: (hit) => `/persons?open=${hit.id}`,
  matter: (hit) => `/matters/${hit.id}`,
  case: (hit) => `/mediation/cases/${hit.id}`,
  building: (hit) => `/buildings?q=${encodeURIComponent(hit.code ?? hit.title)}`,
  grid: (hit) => `/org?node=g-${hit.id}`,
  device: (hit) => `/devices?open=${hit.id}`,
};

/** The list that holds every hit of a kind, for "more"; kinds without a searchable list have none. */
const MORE_PAGES: Partial<Record<SearchKind, (q: string) => string>> = {
  person: (q) => `/persons?q=${encodeURIComponent(q)}`,
  matter: (q) => `/matters?queue=all&q=${encodeURIComponent(q)}`,
  building: (q) => `/buildings?q=${encodeURIComponent(q)}`,
  device: (q) => `/devices?q=${encodeURIComponent(q)}`,
};

const KIND_ICONS: Record<SearchKind, ReactNode> = {
  person: <UserOutlined />,
  matter: <AlertOutlined />,
  case: <SolutionOutlined />,
  building: <HomeOutlined />,
  grid: <ApartmentOutlined />,
  device: <WifiOutlined />,
};

/** Typing pauses this long before the server is asked. */
const TYPING_PAUSE_MS = 250;

/**
 * 全局搜索 in the console's header: people, matters, cases, buildings, grids and devices of the
 * caller's area by name, code, address or whole phone number; / or Ctrl+K puts the cursor in it.
 */
export function GlobalSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const input = useRef<InputRef>(null);
  const [text, setText] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(text.trim()), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const typing = event.target instanceof HTMLElement && /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName);
      if ((event.key === 'k' && (event.ctrlKey || event.metaKey)) || (event.key === '/' && !typing)) {
        event.preventDefault();
        input.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const result = useQuery(searchQueries.search(q));
  const groups = q && result.data?.q === q ? result.data.groups : [];
  const paths = new Map<string, string>();
  const remember = (value: string, path: string) => {
    paths.set(value, path);
    return value;
  };
  const options = groups.map((group) => ({
    label: (
      <span className="gz-search-group">
        {KIND_ICONS[group.kind]} {t(`search.kinds.${group.kind}`)}
      </span>
    ),
    options: [
      ...group.hits.map((hit) => ({
        value: remember(`${hit.kind}:${hit.id}`, HIT_PAGES[hit.kind](hit)),
        label: (
          <div className="gz-search-hit" data-testid={`search-hit-${hit.kind}`}>
            <Typography.Text ellipsis>{hit.title}</Typography.Text>
            <Typography.Text type="secondary" className="gz-small" ellipsis>
              {[hit.code, hit.subtitle].filter(Boolean).join(' · ')}
            </Typography.Text>
          </div>
        ),
      })),
      ...(group.more && MORE_PAGES[group.kind]
        ? [
            {
              value: remember(`more:${group.kind}`, MORE_PAGES[group.kind]!(q)),
              label: <Typography.Link className="gz-small">{t('search.more')}</Typography.Link>,
            },
          ]
        : []),
    ],
  }));
  const searching = text.trim() !== '' && (text.trim() !== q || result.isFetching);

  return (
    <AutoComplete
      className="gz-global-search"
      popupMatchSelectWidth={380}
      listHeight={420}
      value={text}
      options={options}
      onChange={setText}
      onSelect={(value: string) => {
        const path = paths.get(value);
        setText('');
        if (path) navigate(path);
      }}
      notFoundContent={
        text.trim() === '' ? null : searching ? (
          <Typography.Text type="secondary">{t('search.searching')}</Typography.Text>
        ) : result.error ? (
          <Typography.Text type="danger">{errorMessage(result.error)}</Typography.Text>
        ) : (
          <Typography.Text type="secondary">{t('search.nothing', { q })}</Typography.Text>
        )
      }
    >
      <Input
        ref={input}
        allowClear
        prefix={<SearchOutlined />}
        placeholder={t('search.placeholder')}
        aria-label={t('search.label')}
      />
    </AutoComplete>
  );
}
