package com.hotcrm.webhook.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.data.access.AccessPolicy;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.data.metadata.MetadataRepository;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.platform.security.ObjectPermissions.Operation;
import com.hotcrm.webhook.repository.EndpointRepository.Subscription;
import com.hotcrm.webhook.repository.OwnerRepository;
import com.hotcrm.webhook.repository.OwnerRepository.Owner;
import com.hotcrm.webhook.repository.RecordReachRepository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * Who receives a record change, and what of it: a webhook delivers only what its owner may see at the moment
 * the change fans out, by the access rules as an admin has set them (crm-data's {@link AccessPolicy}), not
 * as they were when the webhook was made. For each matching webhook:
 * <ul>
 * <li>an owner who is inactive gets nothing, and their webhooks are disabled ({@link #OWNER_INACTIVE});
 * an owner unknown to the CRM (not mirrored yet, or removed) gets nothing;</li>
 * <li>an admin owner gets the whole record;</li>
 * <li>anyone else needs read permission on the object for their current role and must reach the record now
 * (view all or a non-private object, their own, below them in the hierarchy, or shared with them), and gets
 * only the fields their role sees, in {@code data} and in {@code changed}; an update that changed only
 * fields hidden from them is not sent to them.</li>
 * </ul>
 * A deleted record is no longer there to check, so a delete goes to those who could reach it as its event
 * last shows it: by its OwnerId (theirs or below them) or a share still recorded, or by view all or the
 * object's sharing.
 */
@ApplicationScoped
public class DeliveryAudience {

    /** The reason a webhook of an inactive owner shows once disabled. */
    public static final String OWNER_INACTIVE = "Owner is inactive: a deactivated user's webhooks receive nothing";

    private static final Logger LOG = Logger.getLogger(DeliveryAudience.class);

    /** One webhook's copy of a change: the record and the changed fields its owner may see. */
    public record Copy(String endpointId, JsonNode record, JsonNode changed) {
    }

    /** The copies to deliver, and the owners found inactive (whose webhooks to disable). */
    public record Fanout(List<Copy> copies, Set<String> inactiveOwners) {
    }

    private final OwnerRepository owners;
    private final RecordReachRepository reach;
    private final MetadataRegistry registry;
    private final MetadataRepository metadata;
    private final AccessPolicy access;
    private final Pool pool;

    public DeliveryAudience(OwnerRepository owners, RecordReachRepository reach, MetadataRegistry registry,
            MetadataRepository metadata, AccessPolicy access, Pool pool) {
        this.owners = owners;
        this.reach = reach;
        this.registry = registry;
        this.metadata = metadata;
        this.access = access;
        this.pool = pool;
    }

    /**
     * @param type {@link WebhookEvents#CREATE}, {@code UPDATE} or {@code DELETE} (a delete is judged on the event's
     *        record, since the row is gone)
     * @param record the whole record after the change (before it, for a delete)
     * @param changed the changed field names, or null
     */
    public Uni<Fanout> fanOut(String object, String type, String recordId, ObjectNode record, ArrayNode changed,
            List<Subscription> subscriptions) {
        Set<String> ownerIds = subscriptions.stream().map(Subscription::ownerId).collect(Collectors.toSet());
        return owners.find(ownerIds).flatMap(found -> fanOut(object, type, recordId, record, changed, subscriptions, found));
    }

    /** The owners of these subscriptions as the CRM knows them now, to fan out several changes with one query. */
    public Uni<Map<String, Owner>> owners(Set<String> ownerIds) {
        return owners.find(ownerIds);
    }

    /**
     * {@link #fanOut(String, String, String, ObjectNode, ArrayNode, List)} with the owners read already
     * ({@link #owners}): with admin owners only, no query at all.
     */
    public Uni<Fanout> fanOut(String object, String type, String recordId, ObjectNode record, ArrayNode changed,
            List<Subscription> subscriptions, Map<String, Owner> allFound) {
        boolean deleted = WebhookEvents.DELETE.equals(type);
        boolean updated = WebhookEvents.UPDATE.equals(type);
        Set<String> ownerIds = subscriptions.stream().map(Subscription::ownerId).collect(Collectors.toSet());
        Map<String, Owner> found = new HashMap<>();
        ownerIds.forEach(id -> {
            Owner owner = allFound.get(id);
            if (owner != null) {
                found.put(id, owner);
            }
        });
        Set<String> inactive = found.values().stream().filter(o -> !o.active()).map(Owner::id).collect(Collectors.toSet());
        List<Owner> others = found.values().stream().filter(o -> o.active() && !o.caller().isAdmin()).toList();
        ownerIds.stream().filter(id -> !found.containsKey(id))
                .forEach(id -> LOG.warnf("Not delivering %s %s to the webhooks of %s: no such user in the CRM", object,
                        recordId, id));
        if (others.isEmpty()) {
            return Uni.createFrom().item(copies(subscriptions, found, Set.of(), null, record, changed, updated))
                    .map(copies -> new Fanout(copies, inactive));
        }
        return definition(object).flatMap(def -> {
            Map<String, Caller> mayRead = new HashMap<>();
            if (def.isEmpty()) {
                LOG.warnf("Not delivering %s %s to non-admin owners: %s is not a known object", object, recordId, object);
            } else {
                for (Owner owner : others) {
                    Caller caller = owner.caller();
                    if (access.permissions(caller, def.get()).allows(Operation.READ)) {
                        mayRead.put(owner.id(), caller);
                    }
                }
            }
            Uni<Set<String>> readers = mayRead.isEmpty() ? Uni.createFrom().item(Set.<String>of())
                    : deleted ? reach.readersOfDeleted(def.get(), recordId, text(record, "OwnerId"), mayRead)
                            : reach.readersOfStored(def.get(), recordId, mayRead);
            return readers.map(r -> new Fanout(copies(subscriptions, found, r, def.orElse(null), record, changed, updated),
                    inactive));
        });
    }

    private List<Copy> copies(List<Subscription> subscriptions, Map<String, Owner> found, Set<String> readers, ObjectDef def,
            ObjectNode record, ArrayNode changed, boolean updated) {
        Map<String, Optional<Copy>> byOwner = new HashMap<>();
        List<Copy> copies = new ArrayList<>();
        for (Subscription subscription : subscriptions) {
            Owner owner = found.get(subscription.ownerId());
            if (owner == null || !owner.active()) {
                continue;
            }
            Optional<Copy> copy;
            if (owner.caller().isAdmin()) {
                copy = Optional.of(new Copy(null, record, changed));
            } else if (!readers.contains(owner.id())) {
                copy = Optional.empty();
            } else {
                copy = byOwner.computeIfAbsent(owner.id(), id -> seenBy(access.view(owner.caller(), def), record, changed, updated));
            }
            copy.ifPresent(c -> copies.add(new Copy(subscription.endpointId(), c.record(), c.changed())));
        }
        return copies;
    }

    /** The change as a role sees it; none when it changed nothing that role sees. */
    private static Optional<Copy> seenBy(ObjectDef view, ObjectNode record, ArrayNode changed, boolean updated) {
        Set<String> visible = new HashSet<>();
        view.fields().forEach(f -> visible.add(f.name()));
        ObjectNode shown = record.objectNode();
        record.fields().forEachRemaining(e -> {
            if (visible.contains(e.getKey())) {
                shown.set(e.getKey(), e.getValue());
            }
        });
        ArrayNode shownChanged = null;
        if (changed != null) {
            shownChanged = changed.arrayNode();
            for (JsonNode name : changed) {
                if (visible.contains(name.asText())) {
                    shownChanged.add(name);
                }
            }
            if (updated && !changed.isEmpty() && shownChanged.isEmpty()) {
                return Optional.empty();
            }
        }
        return Optional.of(new Copy(null, shown, shownChanged));
    }

    /** The object's definition; read again once if unknown, in case its announcement has not arrived yet. */
    private Uni<Optional<ObjectDef>> definition(String object) {
        Optional<ObjectDef> known = registry.byName(object).filter(d -> d.name().equals(object));
        if (known.isPresent()) {
            return Uni.createFrom().item(known);
        }
        return metadata.loadAll(pool).invoke(registry::replace)
                .map(all -> registry.byName(object).filter(d -> d.name().equals(object)));
    }

    private static String text(JsonNode record, String field) {
        JsonNode value = record.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
