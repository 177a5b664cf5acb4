package com.hotcrm.webhook.service;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The body of every callback, signed and sent as it is stored: a record change ({@code record.created},
 * {@code .updated}, {@code .deleted}) or a {@code ping} from {@code POST /v1/webhooks/{id}/test}.
 *
 * @param id the change event's id (the same for every subscriber; receivers deduplicate on it)
 * @param recordId null for a ping
 * @param data the record as the webhook's owner may see it (a ping: the webhook id and a message)
 * @param changed for an update, the fields that changed and the owner may see; absent otherwise
 * @param actorId who made the change; absent for a ping
 */
public record WebhookPayload(String id, String type, String object, String recordId, Instant occurredAt, JsonNode data,
        @JsonInclude(JsonInclude.Include.NON_NULL) JsonNode changed,
        @JsonInclude(JsonInclude.Include.NON_NULL) String actorId) {

    /** The JSON text stored with the delivery and sent; {@code mapper} keeps decimals as they came. */
    public String toJson(ObjectMapper mapper) {
        try {
            return mapper.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Webhook payload not serializable", e);
        }
    }
}
