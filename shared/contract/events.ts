import { z } from 'zod';
import { hostEvents } from './host-metrics';

/** Commands chosen in the native application menu that the renderer carries out. */
export const menuCommandSchema = z.object({ command: z.enum(['show-about']) });
export type MenuCommand = z.infer<typeof menuCommandSchema>;

/**
 * Every event stream the main process may push to the renderer. A producer registered as a
 * source only runs while at least one subscriber listens.
 */
export const events = {
  'app.menuCommand': menuCommandSchema,
  ...hostEvents,
};
