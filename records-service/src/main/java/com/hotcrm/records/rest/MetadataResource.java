package com.hotcrm.records.rest;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.data.metadata.MetadataRegistry;
import com.hotcrm.data.metadata.ObjectTableDdl;
import com.hotcrm.platform.metadata.FieldDef;
import com.hotcrm.platform.metadata.ObjectDef;
import com.hotcrm.platform.metadata.OnDelete;
import com.hotcrm.platform.metadata.ValidationRule;
import com.hotcrm.platform.security.Caller;
import com.hotcrm.records.service.MetadataService;

import io.smallrye.mutiny.Uni;

/**
 * The seed's Metadata Endpoints: what objects exist and what each looks like (anyone signed in), and new custom
 * objects and fields (admins only, checked by {@link MetadataService}).
 */
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

    /** An index of the object's table and whether it is built yet: {@code ready}, {@code building} or {@code failed}. */
    public record IndexInfo(String name, String field, boolean unique, String status) {
    }

    public record ObjectSchema(String name, String label, String labelPlural, String path, String idPrefix, boolean custom,
            boolean readOnly, List<FieldDef> fields, List<Relationship> relationships, List<ValidationRule> validationRules,
            List<IndexInfo> indexes) {
    }

    private final MetadataRegistry registry;
    private final MetadataService metadataService;
    private final JsonWebToken jwt;

    public MetadataResource(MetadataRegistry registry, MetadataService metadataService, JsonWebToken jwt) {
        this.registry = registry;
        this.metadataService = metadataService;
        this.jwt = jwt;
    }

    @GET
    public ObjectList list() {
        return new ObjectList(registry.all().stream()
                .map(d -> new ObjectSummary(d.name(), d.label(), d.labelPlural(), d.path(), d.custom()))
                .toList());
    }

    /** Creates a custom object and its table (admins only); usable through CRUD at once. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> create(@RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = ObjectDefinition.class))) JsonNode body) {
        return metadataService.createObject(Caller.of(jwt), body)
                .flatMap(this::schema)
                .map(schema -> Response.created(URI.create("/v1/metadata/objects/" + schema.name())).entity(schema).build());
    }

    /** Adds a custom field (and its column) to an object (admins only); its index, if any, may still be building. */
    @POST
    @Path("/{name}/fields")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Response> addField(@PathParam("name") String name, @RequestBody(required = true, content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = FieldDefinition.class))) JsonNode body) {
        return metadataService.addField(Caller.of(jwt), name, body)
                .map(field -> Response.created(URI.create("/v1/metadata/objects/" + name)).entity(field).build());
    }

    @GET
    @Path("/{name}")
    public Uni<ObjectSchema> describe(@PathParam("name") String name) {
        return schema(registry.requireByName(name));
    }

    private Uni<ObjectSchema> schema(ObjectDef def) {
        return metadataService.indexStatuses(def).map(statuses -> schema(def, statuses));
    }

    private ObjectSchema schema(ObjectDef def, Map<String, String> indexStatuses) {
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
        List<IndexInfo> indexes = ObjectTableDdl.indexes(def).stream()
                .map(index -> new IndexInfo(index.name(), index.field(), index.unique(), indexStatuses.get(index.name())))
                .toList();
        return new ObjectSchema(def.name(), def.label(), def.labelPlural(), def.path(), def.idPrefix(), def.custom(),
                def.readOnly(), def.fields(), relationships, def.validationRules(), indexes);
    }
}
