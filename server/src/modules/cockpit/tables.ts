import type { ColumnType } from 'kysely';

type LocalDate = ColumnType<string, string, string>;

/** An indicator's red/amber/green for a community on a day, as the nightly job took it. */
export interface RagDayTable {
  unit_id: number;
  indicator: string;
  day: LocalDate;
  rag: 'red' | 'amber' | 'green';
  value: number | null;
  /** The supervision order a run of red days opened, on the day it was opened. */
  supervision_order_id: number | null;
}

export interface CockpitTables {
  'cockpit.rag_days': RagDayTable;
}
