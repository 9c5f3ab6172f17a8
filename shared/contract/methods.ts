import { z } from 'zod';
import { appInfoSchema, openExternalRequestSchema } from './app';
import { defineMethod } from './define';
import { syncMethods } from './sync';
import { hostMethods } from './host-metrics';
import { staticSystemInfoSchema } from './system';

/** A method that takes no argument: only `undefined` is accepted. */
const none = z.undefined();

/**
 * Every call the renderer may make to the main process. Names are `<namespace>.<verb>`; the
 * renderer sees them as `window.healthdesk.<namespace>.<verb>()`.
 */
export const methods = {
  'app.getInfo': defineMethod(none, appInfoSchema),
  'app.openExternal': defineMethod(openExternalRequestSchema, z.object({ opened: z.boolean() })),
  'system.getStaticInfo': defineMethod(none, staticSystemInfoSchema),
  ...syncMethods,
  ...hostMethods,
};
