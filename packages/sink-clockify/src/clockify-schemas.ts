import { z } from 'zod';

// Clockify's ids are 24 hex characters; this accepts any id that is safe to put in a URL path, no more.
export const ENTRY_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The reply to a create: only `id` is read; extra fields are expected and ignored. */
export const createdTimeEntrySchema = z.looseObject({ id: z.string().regex(ENTRY_ID) });

export const listedTimeEntriesSchema = z.array(
  z.looseObject({
    id: z.string().regex(ENTRY_ID),
    description: z.string().nullish(),
    projectId: z.string().nullish(),
    timeInterval: z.looseObject({ start: z.string(), end: z.string().nullish() }),
  }),
);

export type ListedTimeEntry = z.infer<typeof listedTimeEntriesSchema>[number];

export const currentUserSchema = z.looseObject({
  id: z.string().regex(ENTRY_ID),
  name: z.string().nullish(),
  email: z.string().nullish(),
  settings: z.looseObject({ timeZone: z.string().nullish() }).nullish(),
});

export type ClockifyUser = z.infer<typeof currentUserSchema>;

export const workspacesSchema = z.array(z.looseObject({ id: z.string(), name: z.string().nullish() }));
