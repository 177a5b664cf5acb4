package com.hotcrm.records.rest;

import java.util.List;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.hotcrm.platform.json.StrictJson;
import com.hotcrm.records.service.BatchService;

/**
 * The batch envelopes of {@code /v1/batch/{object}}: 1 to {@value BatchService#MAX_RECORDS} entries and
 * {@code allOrNone} (default false: each entry succeeds or fails on its own). The entries stay JSON: each is
 * checked against the object's metadata and answered in its own result, so one bad entry does not refuse the rest.
 */
public final class BatchRequest {

    static final String RECORDS = "records must hold 1 to " + BatchService.MAX_RECORDS + " records";
    static final String UPDATES = "updates must hold 1 to " + BatchService.MAX_RECORDS + " updates, each with its Id";
    static final String IDS = "ids must hold 1 to " + BatchService.MAX_RECORDS + " ids";

    private BatchRequest() {
    }

    /** {@code POST}: the records to create. */
    @StrictJson
    @Schema(name = "BatchCreate", additionalProperties = Schema.False.class)
    public record Create(@NotNull(message = RECORDS) @Size(min = 1, max = BatchService.MAX_RECORDS, message = RECORDS)
            List<JsonNode> records, Boolean allOrNone) {
    }

    /** {@code PATCH}: the changes, each naming its record by {@code Id}. */
    @StrictJson
    @Schema(name = "BatchUpdate", additionalProperties = Schema.False.class)
    public record Update(@NotNull(message = UPDATES) @Size(min = 1, max = BatchService.MAX_RECORDS, message = UPDATES)
            List<JsonNode> updates, Boolean allOrNone) {
    }

    /** {@code DELETE}: the ids of the records to delete. */
    @StrictJson
    @Schema(name = "BatchDelete", additionalProperties = Schema.False.class)
    public record Delete(@NotNull(message = IDS) @Size(min = 1, max = BatchService.MAX_RECORDS, message = IDS)
            List<JsonNode> ids, Boolean allOrNone) {
    }
}
