import type { Transport } from './http.js';
import type { Change, ChangePage, ChangesParams } from './types.js';

/**
 * `GET /changes`: every create, update and delete of the objects followed, in commit order, after a cursor. Start at
 * `head()` (a cursor at the head) or with no cursor (the oldest change kept, 7 days by default); keep the `cursor` of
 * the last change handled and go on from it:
 *
 * ```ts
 * let cursor = await client.changes.head(['Account', 'Contact']);
 * for await (const change of client.changes.since(cursor, ['Account', 'Contact'])) {
 *   handle(change);
 *   cursor = change.cursor;
 * }
 * ```
 *
 * A cursor older than the server keeps changes fails with `CURSOR_EXPIRED` (410): read the records again, then follow
 * from `head()`.
 */
export class Changes {
  constructor(private readonly http: Transport) {}

  /** One page of changes after `since` (a change's or a page's cursor, `'now'`, or nothing for the oldest kept). */
  page(params: ChangesParams): Promise<ChangePage> {
    return this.http.request('GET', '/changes', {
      query: { object: params.objects.join(','), since: params.since, limit: params.limit },
    });
  }

  /** A cursor at the feed's head: the changes made from now on follow it. */
  async head(objects: readonly string[]): Promise<string> {
    return (await this.page({ objects, since: 'now' })).nextCursor;
  }

  /**
   * Every change after `since` up to the feed's head when the last page is read, page after page as the iteration
   * reaches them (`since` undefined: from the oldest kept). Iterate again from the last change's cursor for more.
   */
  async *since(since: string | undefined, objects: readonly string[],
    options: { pageSize?: number } = {}): AsyncGenerator<Change, void, undefined> {
    let cursor = since;
    for (;;) {
      const page = await this.page({ objects, since: cursor, limit: options.pageSize });
      yield* page.changes;
      cursor = page.nextCursor;
      if (!page.hasMore) {
        return;
      }
    }
  }
}
