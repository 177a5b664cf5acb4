package com.hotcrm.webhook.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.net.UrlPolicy;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.RecordIds;
import com.hotcrm.data.access.AccessPolicy;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.platform.security.ObjectPermissions.Operation;
import com.hotcrm.webhook.delivery.DeliveryWorker;
import com.hotcrm.webhook.repository.DeliveryRepository;
import com.hotcrm.webhook.repository.DeliveryRepository.NewDelivery;
import com.hotcrm.webhook.repository.EndpointRepository;
import com.hotcrm.webhook.repository.EndpointRow;
import com.hotcrm.webhook.rest.NewWebhook;
import com.hotcrm.webhook.rest.WebhookChanges;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/**
 * The rules of webhooks: what a subscription may say, who may see and change it (its owner, and admins),
 * and what a user may subscribe to: an object their role may read, by the permissions as an admin has set
 * them. Each change is then delivered only if its owner may read that record when it happens, and only the
 * fields their role sees ({@link DeliveryAudience}).
 */
@ApplicationScoped
public class WebhookService {

    /** A webhook with, right after it was made or rotated, its secret. */
    public record Saved(EndpointRow endpoint, String secret) {
    }

    private final EndpointRepository endpoints;
    private final DeliveryRepository deliveries;
    private final SigningSecrets secrets;
    private final WebhookUrls urls;
    private final DeliveryWorker worker;
    private final ObjectMapper json;
    private final MetadataRegistry registry;
    private final AccessPolicy access;
    private final ActiveWebhooks active;

    public WebhookService(EndpointRepository endpoints, DeliveryRepository deliveries, SigningSecrets secrets,
            WebhookUrls urls, DeliveryWorker worker, ObjectMapper json, MetadataRegistry registry, AccessPolicy access,
            ActiveWebhooks active) {
        this.active = active;
        this.registry = registry;
        this.access = access;
        this.endpoints = endpoints;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.urls = urls;
        this.worker = worker;
        this.json = json;
    }

    public Uni<EndpointRepository.Page> list(Caller caller, int limit, int offset) {
        return endpoints.list(caller.isAdmin() ? null : caller.userId(), limit, offset);
    }

    /** The webhook, if the caller may see it; 404 otherwise, as if it did not exist. */
    public Uni<EndpointRow> get(Caller caller, String id) {
        if (!RecordIds.isWellFormed(id)) {
            return Uni.createFrom().failure(CrmException.notFound("Webhook not found: " + id));
        }
        return endpoints.find(id).map(found -> found
                .filter(e -> caller.isAdmin() || e.ownerId().equals(caller.userId()))
                .orElseThrow(() -> CrmException.notFound("Webhook not found: " + id)));
    }

    public Uni<Saved> create(Caller caller, NewWebhook body) {
        checkMaySubscribe(caller, body.object());
        String plainSecret = body.secret() != null ? body.secret() : SigningSecrets.generate();
        List<String> events = WebhookEvents.ALL.stream().filter(body.events()::contains).toList();
        return resolvedUrl(normalized(body.url())).flatMap(checked -> endpoints.insert(new EndpointRow(RecordIds.next("wh"),
                caller.userId(), body.name().strip(), body.object(), events, checked, secrets.encrypt(plainSecret), null, null,
                body.active() == null || body.active(), null, null, null, null, null)))
                .call(this::refreshActive)
                .map(saved -> new Saved(saved, plainSecret));
    }

    /** Changes what the request sent; Bean Validation has refused a null for any of it. */
    public Uni<Saved> update(Caller caller, String id, WebhookChanges body) {
        String secret = body.secret() == null ? null : body.secret().get();
        Boolean rotate = body.rotateSecret();
        if (secret != null && Boolean.TRUE.equals(rotate)) {
            throw CrmException.validation("rotateSecret", "Give either secret or rotateSecret, not both");
        }
        String name = body.name() == null ? null : body.name().get().strip();
        String object = body.object() == null ? null : body.object().get();
        List<String> events = body.events() == null ? null
                : WebhookEvents.ALL.stream().filter(body.events().get()::contains).toList();
        String url = body.url() == null ? null : normalized(body.url().get());
        Boolean active = body.active() == null ? null : body.active().get();
        if (object != null) {
            checkMaySubscribe(caller, object);
        }
        return get(caller, id).flatMap(current -> (url == null ? Uni.createFrom().item((String) null) : resolvedUrl(url))
                .flatMap(checkedUrl -> {
                    String newSecret = secret != null ? secret : Boolean.TRUE.equals(rotate) ? SigningSecrets.generate() : null;
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                    boolean enable = Boolean.TRUE.equals(active) && !current.active();
                    boolean nowActive = active != null ? active : current.active();
                    EndpointRow changed = new EndpointRow(current.id(), current.ownerId(),
                            name != null ? name : current.name(),
                            object != null ? object : current.object(),
                            events != null ? events : current.events(),
                            checkedUrl != null ? checkedUrl : current.url(),
                            newSecret != null ? secrets.encrypt(newSecret) : current.secret(),
                            newSecret != null ? current.secret() : current.previousSecret(),
                            newSecret != null ? now.plus(DeliveryWorker.previousSecretGrace()) : current.previousSecretExpiresAt(),
                            nowActive,
                            nowActive ? null : Boolean.FALSE.equals(active) && current.active()
                                    ? "Disabled by " + caller.userId() : current.disabledReason(),
                            nowActive ? null : Boolean.FALSE.equals(active) && current.active() ? now : current.disabledAt(),
                            enable ? null : current.failingSince(),
                            current.createdAt(), current.updatedAt());
                    return endpoints.update(changed).call(this::refreshActive).map(saved -> {
                        if (enable) {
                            worker.wake();
                        }
                        return new Saved(saved, newSecret);
                    });
                }));
    }

    public Uni<Void> delete(Caller caller, String id) {
        return get(caller, id).flatMap(e -> endpoints.delete(e.id())).call(this::refreshActive).replaceWithVoid();
    }

    /**
     * This replica's copy of the active webhooks reloaded before the answer, so its fan-out sees the change at
     * once (the others hear of it by NOTIFY); the change itself is committed whatever comes of that.
     */
    private Uni<Void> refreshActive(Object changed) {
        return active.refresh().onFailure().recoverWithNull();
    }

    public Uni<DeliveryRepository.Page> deliveries(Caller caller, String id, String status, int limit, int offset) {
        return get(caller, id).flatMap(e -> deliveries.list(e.id(), status, limit, offset));
    }

    public Uni<DeliveryRepository.DeliveryRow> retry(Caller caller, String id, String deliveryId) {
        if (!RecordIds.isWellFormed(deliveryId)) {
            return Uni.createFrom().failure(CrmException.notFound("Delivery not found: " + deliveryId));
        }
        return get(caller, id).flatMap(e -> {
            requireActive(e);
            return deliveries.retryNow(e.id(), deliveryId).flatMap(found -> {
                if (!found) {
                    throw CrmException.notFound("Delivery not found: " + deliveryId);
                }
                worker.wake();
                return deliveries.find(e.id(), deliveryId).map(d -> d.orElseThrow());
            });
        });
    }

    /** Queues a ping to the webhook, signed like any delivery. */
    public Uni<DeliveryRepository.DeliveryRow> test(Caller caller, String id) {
        return get(caller, id).flatMap(e -> {
            requireActive(e);
            String deliveryId = RecordIds.next("msg");
            String eventId = UUID.randomUUID().toString();
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            WebhookPayload body = new WebhookPayload(eventId, WebhookEvents.PING, e.object(), null, now.toInstant(),
                    json.valueToTree(Map.of("webhookId", e.id(), "message", "Test delivery from HotCRM")), null, null);
            NewDelivery ping = new NewDelivery(deliveryId, e.id(), eventId, WebhookEvents.PING, e.object(), null,
                    "ping:" + deliveryId, body.toJson(json), now);
            return deliveries.insert(List.of(ping))
                    .invoke(worker::wake)
                    .flatMap(v -> deliveries.find(e.id(), deliveryId)).map(d -> d.orElseThrow());
        });
    }

    private static void requireActive(EndpointRow e) {
        if (!e.active()) {
            throw CrmException.validation("active", "Webhook " + e.id() + " is disabled"
                    + (e.disabledReason() == null ? "" : " (" + e.disabledReason() + ")") + "; enable it first with PATCH {\"active\": true}");
        }
    }

    /** Resolves and checks the URL's host, off the event loop (DNS blocks). */
    private Uni<String> resolvedUrl(String url) {
        return Uni.createFrom().item(() -> {
            try {
                urls.policy().check(url);
                return url;
            } catch (UrlPolicy.Refused e) {
                throw CrmException.validation("url", e.getMessage());
            }
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** Admins may subscribe to anything; anyone else to an object that exists and that their role may read. */
    private void checkMaySubscribe(Caller caller, String object) {
        if (caller.isAdmin()) {
            return;
        }
        ObjectDef def = registry.byName(object).filter(d -> d.name().equals(object)).orElseThrow(() -> CrmException
                .validation("object", "object " + object + " does not exist: GET /v1/metadata/objects lists the objects"));
        if (!access.permissions(caller, def).allows(Operation.READ)) {
            throw CrmException.permission("Your role (" + String.join(", ", caller.roles()) + ") may not read " + object
                    + " records, so it may not subscribe to their changes");
        }
    }

    /** The URL as the policy writes it (Bean Validation has checked it parses). */
    private String normalized(String url) {
        try {
            return urls.policy().parse(url).toString();
        } catch (UrlPolicy.Refused e) {
            throw CrmException.validation("url", e.getMessage());
        }
    }
}
