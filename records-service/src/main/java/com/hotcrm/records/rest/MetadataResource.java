package com.hotcrm.records.rest;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.OnDelete;
import com.hotcrm.platform.metadata.ValidationRule;
import com.hotcrm.records.service.MetadataRegistry;

/** The seed's Metadata Endpoints: what objects exist and what each looks like. */
@Path("/v1/metadata/objects")
@Produces(MediaType.APPLICATION_JSON)
public class MetadataResource {

    public record ObjectSummary(String name, String label, String labelPlural, String path, boolean custom) {
    }

    public record ObjectList(List<ObjectSummary> objects) {
    }

    /** A lookup seen from one side: {@code parent} (this object's lookup) or {@code child} (others' lookups here). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Relationship(String name, String type, String object, String field, OnDelete onDelete) {
    }

    public record ObjectSchema(String name, String label, String labelPlural, String path, String idPrefix, boolean custom,
            boolean readOnly, List<FieldDef> fields, List<Relationship> relationships, List<ValidationRule> validationRules) {
    }

    private final MetadataRegistry registry;

    public MetadataResource(MetadataRegistry registry) {
        this.registry = registry;
    }

    @GET
    public ObjectList list() {
        return new ObjectList(registry.all().stream()
                .map(d -> new ObjectSummary(d.name(), d.label(), d.labelPlural(), d.path(), d.custom()))
                .toList());
    }

    @GET
    @Path("/{name}")
    public ObjectSchema describe(@PathParam("name") String name) {
        ObjectDef def = registry.requireByName(name);
        List<Relationship> relationships = new ArrayList<>();
        for (FieldDef field : def.fields()) {
            if (field.isSingleLookup() && !field.system()) {
                relationships.add(new Relationship(field.relationshipName(), "parent", field.target(), field.name(),
                        field.onDelete()));
            }
        }
        for (MetadataRegistry.ChildRelationship child : registry.children(def)) {
            relationships.add(new Relationship(child.name(), "child", child.child().name(), child.lookup().name(),
                    child.lookup().onDelete()));
        }
        return new ObjectSchema(def.name(), def.label(), def.labelPlural(), def.path(), def.idPrefix(), def.custom(),
                def.readOnly(), def.fields(), relationships, def.validationRules());
    }
}
