import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import { orgQueries } from '../../shared/query/org.ts';
import { indexOrgTree, type OrgIndex } from './orgIndex.ts';

interface OrgTreeState {
  index: OrgIndex | undefined;
  loading: boolean;
  error: unknown;
  reload: () => void;
}

const OrgTreeContext = createContext<OrgTreeState | null>(null);

/** Loads the caller's org tree once for all pages of the console. */
export function OrgTreeProvider({ children }: { children: ReactNode }) {
  const { data, isLoading: loading, error, refetch } = useQuery(orgQueries.tree());
  const value = useMemo(
    () => ({
      index: data ? indexOrgTree(data) : undefined,
      loading,
      error: error ?? undefined,
      reload: () => void refetch(),
    }),
    [data, loading, error, refetch],
  );
  return <OrgTreeContext.Provider value={value}>{children}</OrgTreeContext.Provider>;
}

export function useOrgTree(): OrgTreeState {
  const state = useContext(OrgTreeContext);
  if (!state) throw new Error('useOrgTree outside OrgTreeProvider');
  return state;
}
