package com.hotcrm.sdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.sdk.model.DeleteResult;
import com.hotcrm.sdk.model.ListResult;
import com.hotcrm.sdk.model.Page;
import com.hotcrm.sdk.model.Webhook;
import com.hotcrm.sdk.model.WebhookDelivery;

/**
 * Webhook subscriptions and their deliveries ({@code /webhooks}). Check what they send with
 * {@link WebhookVerifier}.
 */
public final class Webhooks {

    private final Transport transport;

    Webhooks(Transport transport) {
        this.transport = transport;
    }

    /** One page of the caller's webhooks (an admin's holds everyone's). */
    public ListResult<Webhook> list(Integer limit, Integer offset) {
        return listOf(transport.get("webhooks", paging(limit, offset)), "webhooks", Webhook.class);
    }

    public ListResult<Webhook> list() {
        return list(null, null);
    }

    /** Every webhook the caller may see, page after page. */
    public Stream<Webhook> stream() {
        return Pages.stream(Pages.iterable((cursor, offset) -> asPage(list(200, offset)), 0));
    }

    public Webhook get(String id) {
        return Json.convert(transport.get(path(id), null), Webhook.class);
    }

    /** Subscribes; the answer holds the {@code secret} this once. */
    public Webhook create(WebhookRequest request) {
        return Json.convert(transport.post("webhooks", request), Webhook.class);
    }

    /**
     * Changes any of {@code name, object, events, url, active} ({@code true} also clears a failure streak), or
     * {@code secret}.
     */
    public Webhook update(String id, Map<String, ?> changes) {
        return Json.convert(transport.send("PATCH", path(id), null, changes, true), Webhook.class);
    }

    /** A new secret, in this answer only; the old one keeps signing beside it for 24 hours. */
    public Webhook rotateSecret(String id) {
        return update(id, Map.of("rotateSecret", true));
    }

    public DeleteResult delete(String id) {
        return Json.convert(transport.send("DELETE", path(id), null, null, true), DeleteResult.class);
    }

    /** Deliveries, newest first; {@code status} ({@code pending}, {@code succeeded}, {@code failed}) optional. */
    public ListResult<WebhookDelivery> deliveries(String id, String status, Integer limit, Integer offset) {
        Map<String, Object> query = paging(limit, offset);
        query.put("status", status);
        return listOf(transport.get(path(id) + "/deliveries", query), "deliveries", WebhookDelivery.class);
    }

    public ListResult<WebhookDelivery> deliveries(String id) {
        return deliveries(id, null, null, null);
    }

    /** Makes a delivery due again now (same {@code webhook-id}). */
    public WebhookDelivery retry(String id, String deliveryId) {
        return Json.convert(transport.post(path(id) + "/deliveries/" + Transport.segment(deliveryId) + "/retry", null),
                WebhookDelivery.class);
    }

    /** Queues a signed {@code ping} to the webhook's URL. */
    public WebhookDelivery test(String id) {
        return Json.convert(transport.post(path(id) + "/test", null), WebhookDelivery.class);
    }

    private static String path(String id) {
        return "webhooks/" + Transport.segment(id);
    }

    static Map<String, Object> paging(Integer limit, Integer offset) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("limit", limit);
        query.put("offset", offset);
        return query;
    }

    static <T> ListResult<T> listOf(JsonNode answer, String key, Class<T> type) {
        List<T> items = new ArrayList<>();
        for (JsonNode item : answer.path(key)) {
            items.add(Json.convert(item, type));
        }
        return new ListResult<>(items, answer.path("totalCount").asLong(items.size()),
                answer.path("hasMore").asBoolean(false), answer.path("limit").asInt(items.size()),
                answer.path("offset").asInt(0));
    }

    static <T> Page<T> asPage(ListResult<T> list) {
        return new Page<>(list.items(), list.totalCount(), true, list.hasMore(), list.limit(), list.offset(), null);
    }
}
