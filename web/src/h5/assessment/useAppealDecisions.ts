import { useQueryClient } from '@tanstack/react-query';
import { useLive } from '../../shared/live.tsx';
import { assessmentKeys } from '../../shared/query/assessment.ts';

/**
 * An appeal decided (its notification arrives on the live stream): the scores are read again, so
 * the open screen shows the new points, total and rank without a pull.
 */
export function useAppealDecisions() {
  const queryClient = useQueryClient();
  useLive('notification', (event) => {
    if (event.kind.startsWith('assessment.')) void queryClient.invalidateQueries({ queryKey: assessmentKeys.all });
  });
}
