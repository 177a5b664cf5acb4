import { compact, type Transport } from './http.js';
import type { CustomObjectDefinition, FieldDefinition, ObjectSchema, ObjectSummary, ShareRequest } from './types.js';

/** `/metadata/*`: what objects and fields exist, custom objects and fields, permissions and shares. */
export class Metadata {
  constructor(private readonly http: Transport) {}

  /** Every object: `name`, `label`, `labelPlural`, `path`, `custom`. */
  async objects(): Promise<ObjectSummary[]> {
    const answer = await this.http.request<{ objects: ObjectSummary[] }>('GET', '/metadata/objects');
    return answer.objects;
  }

  /** One object's schema: fields, relationships, validation rules. */
  describe(object: string): Promise<ObjectSchema> {
    return this.http.request('GET', `/metadata/objects/${encodeURIComponent(object)}`);
  }

  /** Creates a custom object (name ending in `__c`); CRUD works at once (`client.object(name)`). */
  createObject(definition: CustomObjectDefinition): Promise<ObjectSchema> {
    return this.http.request('POST', '/metadata/objects', { body: definition });
  }

  /** Adds a custom field (name ending in `__c`) to any object. */
  createField(object: string, field: Partial<FieldDefinition> & { name: string; type: string }): Promise<FieldDefinition> {
    return this.http.request('POST', `/metadata/objects/${encodeURIComponent(object)}/fields`, { body: field });
  }

  /** Sharing and role permissions of every object, or of one. */
  permissions(object?: string): Promise<Record<string, unknown>> {
    return this.http.request('GET', object === undefined ? '/metadata/permissions'
      : `/metadata/permissions/${encodeURIComponent(object)}`);
  }

  /** Admins: changes an object's sharing, role permissions and field rules (flags not given keep their value). */
  updatePermissions(object: string, changes: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.http.request('PUT', `/metadata/permissions/${encodeURIComponent(object)}`, { body: changes });
  }

  /** Shares a record with a user. */
  share(share: ShareRequest): Promise<Record<string, unknown>> {
    return this.http.request('POST', '/metadata/shares', { body: compact({ ...share }) });
  }

  async unshare(recordId: string, userId: string): Promise<void> {
    await this.http.request('DELETE', '/metadata/shares', { query: { recordId, userId } });
  }
}
