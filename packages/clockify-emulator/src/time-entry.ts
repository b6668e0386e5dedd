/** A time entry exactly as Clockify answers it (`TimeEntryDtoImplV1`), extra fields included. */
export interface TimeEntry {
  id: string;
  description: string;
  tagIds: string[];
  userId: string;
  billable: boolean;
  taskId: string | null;
  projectId: string | null;
  workspaceId: string;
  timeInterval: {
    start: string;
    /** `null` for a running timer (a create without `end`). */
    end: string | null;
    /** ISO-8601, e.g. `PT1H30M`; `null` while running. */
    duration: string | null;
  };
  customFieldValues: unknown[];
  type: 'REGULAR' | 'BREAK';
  kioskId: null;
  hourlyRate: null;
  costRate: null;
  isLocked: boolean;
}
