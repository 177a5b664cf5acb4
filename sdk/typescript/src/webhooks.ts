import { compact, type Transport } from './http.js';
import { paginate } from './records.js';
import type {
  DeleteResponse, DeliveryList, PageParams, Webhook, WebhookCreateRequest, WebhookDelivery, WebhookList,
  WebhookUpdateRequest,
} from './types.js';

/** `/webhooks`: subscriptions to record changes, their delivery log, retries and test pings. */
export class Webhooks {
  constructor(private readonly http: Transport) {}

  list(params: PageParams = {}): Promise<WebhookList> {
    return this.http.request('GET', '/webhooks', { query: { ...params } });
  }

  /** Every webhook you can see, page after page. */
  iterate(params: { pageSize?: number } = {}): AsyncGenerator<Webhook, void, undefined> {
    const limit = params.pageSize ?? 200;
    return paginate(async (_cursor, offset) => {
      const page = await this.list({ limit, offset });
      return { ...page, records: page.webhooks };
    });
  }

  get(id: string): Promise<Webhook> {
    return this.http.request('GET', this.webhookPath(id));
  }

  /** The answer carries the `secret` this once (made by the server when not given). */
  create(request: WebhookCreateRequest): Promise<Webhook> {
    return this.http.request('POST', '/webhooks', { body: compact({ ...request }) });
  }

  update(id: string, changes: WebhookUpdateRequest): Promise<Webhook> {
    return this.http.request('PATCH', this.webhookPath(id), { body: compact({ ...changes }) });
  }

  delete(id: string): Promise<DeleteResponse> {
    return this.http.request('DELETE', this.webhookPath(id));
  }

  /** The delivery log, newest first. */
  deliveries(id: string, params: PageParams & { status?: WebhookDelivery['status'] } = {}): Promise<DeliveryList> {
    return this.http.request('GET', `${this.webhookPath(id)}/deliveries`, { query: { ...params } });
  }

  /** Makes a delivery due again now, whatever its status (same `webhook-id`). */
  retry(id: string, deliveryId: string): Promise<WebhookDelivery> {
    return this.http.request('POST', `${this.webhookPath(id)}/deliveries/${encodeURIComponent(deliveryId)}/retry`);
  }

  /** Queues a signed `ping` delivery. */
  test(id: string): Promise<WebhookDelivery> {
    return this.http.request('POST', `${this.webhookPath(id)}/test`);
  }

  private webhookPath(id: string): string {
    return `/webhooks/${encodeURIComponent(id)}`;
  }
}
