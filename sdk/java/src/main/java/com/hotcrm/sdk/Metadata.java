package com.hotcrm.sdk;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.sdk.model.ObjectInfo;
import com.hotcrm.sdk.model.ObjectSchema;

/**
 * Objects and fields ({@code /metadata/objects}), permissions and shares. Custom objects and fields made here
 * are usable at once: {@code client.object("Project__c")}.
 */
public final class Metadata {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Transport transport;

    Metadata(Transport transport) {
        this.transport = transport;
    }

    /** Every object: API name, labels, path, whether custom. */
    public List<ObjectInfo> objects() {
        List<ObjectInfo> objects = new ArrayList<>();
        for (JsonNode object : transport.get("metadata/objects", null).path("objects")) {
            objects.add(Json.convert(object, ObjectInfo.class));
        }
        return objects;
    }

    /** One object's schema ({@code GET /metadata/objects/{name}}). */
    public ObjectSchema describe(String object) {
        return Json.convert(transport.get("metadata/objects/" + Transport.segment(ObjectNames.apiName(object)), null),
                ObjectSchema.class);
    }

    /**
     * Creates a custom object: {@code createObject(Map.of("name", "Project__c", "label", "Project", "fields",
     * List.of(Map.of("name", "Budget__c", "type", "currency"))))}.
     */
    public ObjectSchema createObject(Map<String, ?> definition) {
        return Json.convert(transport.post("metadata/objects", definition), ObjectSchema.class);
    }

    /** Adds a custom field to any object: {@code Map.of("name", "Tier__c", "type", "picklist", ...)}; the field made. */
    public ObjectSchema.Field createField(String object, Map<String, ?> definition) {
        return Json.convert(transport.post("metadata/objects/" + Transport.segment(ObjectNames.apiName(object))
                + "/fields", definition), ObjectSchema.Field.class);
    }

    /** Every object's sharing and each role's permissions, as they apply now. */
    public Map<String, Object> permissions() {
        return Json.MAPPER.convertValue(transport.get("metadata/permissions", null), MAP);
    }

    /** One object's sharing, role permissions and field rules. */
    public Map<String, Object> permissions(String object) {
        return Json.MAPPER.convertValue(transport.get("metadata/permissions/"
                + Transport.segment(ObjectNames.apiName(object)), null), MAP);
    }

    /**
     * Changes an object's {@code sharing}, {@code roles} and {@code fields} rules (admins): flags not given keep
     * their value.
     */
    public Map<String, Object> updatePermissions(String object, Map<String, ?> changes) {
        return Json.MAPPER.convertValue(transport.send("PUT", "metadata/permissions/"
                + Transport.segment(ObjectNames.apiName(object)), null, changes, true), MAP);
    }

    /** Shares a record with a user; {@code access} is {@code read} or {@code edit}. */
    public void share(String recordId, String userId, String access) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recordId", recordId);
        body.put("userId", userId);
        body.put("access", access);
        transport.post("metadata/shares", body);
    }

    /** Removes a share. */
    public void unshare(String recordId, String userId) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("recordId", recordId);
        query.put("userId", userId);
        transport.send("DELETE", "metadata/shares", query, null, true);
    }
}
