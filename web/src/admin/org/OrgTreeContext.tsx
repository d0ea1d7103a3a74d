import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { api } from '../../shared/api.ts';
import type { OrgTree } from '../../shared/types.ts';
import { useAsync } from '../../shared/useAsync.ts';
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
  const { data, loading, error, reload } = useAsync((signal) => api.get<OrgTree>('/api/org/tree', undefined, signal), []);
  const value = useMemo(
    () => ({ index: data ? indexOrgTree(data) : undefined, loading, error, reload }),
    [data, loading, error, reload],
  );
  return <OrgTreeContext.Provider value={value}>{children}</OrgTreeContext.Provider>;
}

export function useOrgTree(): OrgTreeState {
  const state = useContext(OrgTreeContext);
  if (!state) throw new Error('useOrgTree outside OrgTreeProvider');
  return state;
}
