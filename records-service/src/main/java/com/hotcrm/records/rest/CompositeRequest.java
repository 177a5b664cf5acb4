package com.hotcrm.records.rest;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.platform.json.StrictJson;
import com.hotcrm.records.service.CompositeService;

/**
 * {@code POST /v1/composite}: up to {@value CompositeService#MAX_OPERATIONS} record operations, over any objects, run in
 * order; a later one may use an earlier one's result ({@code "AccountId": "@{newAccount.Id}"}). With {@code allOrNone}
 * (the default) they are one transaction.
 */
@StrictJson
@Schema(name = "CompositeRequest", additionalProperties = Schema.False.class)
public record CompositeRequest(
        @Schema(description = "One transaction: if any operation fails, nothing is written and no event is sent "
                + "(default true); false runs each on its own and answers each") Boolean allOrNone,
        @NotNull(message = OPERATIONS) @Size(min = 1, max = CompositeService.MAX_OPERATIONS, message = OPERATIONS)
        List<@NotNull(message = "an operation is an object") @Valid Operation> operations) {

    static final String OPERATIONS = "operations must hold 1 to " + CompositeService.MAX_OPERATIONS + " operations";

    /** One operation: what a single request would be, named so that later ones can refer to its result. */
    @StrictJson
    @Schema(name = "CompositeOperation", additionalProperties = Schema.False.class)
    public record Operation(
            @NotBlank(message = "referenceId is required: a name later operations use, like newAccount")
            @Pattern(regexp = "[A-Za-z][A-Za-z0-9_]{0,39}", message = "referenceId is a letter then up to 39 letters, digits or _")
            String referenceId,
            @NotBlank(message = "method is required: GET, POST, PATCH, PUT or DELETE")
            @Pattern(regexp = "GET|POST|PATCH|PUT|DELETE", message = "method is GET, POST, PATCH, PUT or DELETE")
            String method,
            @NotBlank(message = "object is required: an object's API name or path, like Account or accounts")
            String object,
            @Schema(description = "The record's id (GET, PATCH, PUT, DELETE); may refer to an earlier result") String id,
            @Schema(description = "The record's fields (POST, PATCH, PUT); values may refer to earlier results") ObjectNode body) {
    }
}
