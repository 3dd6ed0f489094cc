import { GP_TABLE } from './gp.ts';

/** The table texts, in priority order (see table-expand.ts for the format). */
export const TABLE_TEXTS: readonly string[] = [GP_TABLE];
