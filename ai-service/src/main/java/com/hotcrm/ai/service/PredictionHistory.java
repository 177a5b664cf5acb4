package com.hotcrm.ai.service;

import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hotcrm.ai.crm.CrmData;
import com.hotcrm.ai.outcome.OutcomeStore;

import io.smallrye.mutiny.Uni;

/**
 * What happens to a score once computed: it is appended to the history ({@code ai.prediction}, resolved when the
 * record's outcome is known) and written to the record's AI fields through records-service, as the caller.
 */
@ApplicationScoped
public class PredictionHistory {

    private static final Logger LOG = Logger.getLogger(PredictionHistory.class);

    private final OutcomeStore outcomes;
    private final CrmData crm;

    PredictionHistory(OutcomeStore outcomes, CrmData crm) {
        this.outcomes = outcomes;
        this.crm = crm;
    }

    /** Where a prediction goes: its model, the record, the probability and the AI fields to write. */
    record Kept(String model, Integer version, String object, String path, String id, double probability, ObjectNode fields) {
    }

    /** Appends predictions to the history only (a briefing's: nothing is written to the records). */
    Uni<Void> record(String userId, java.util.List<Kept> kept) {
        return io.smallrye.mutiny.Multi.createFrom().iterable(kept)
                .onItem().transformToUniAndConcatenate(k -> outcomes.recordPrediction(k.model(), k.version(), k.object(), k.id(),
                        k.probability(), userId))
                .collect().last().replaceWithVoid();
    }

    /**
     * Records the prediction, then writes its fields. {@code writeBack}: null, written when the caller may (a refusal
     * only makes {@code writtenBack} false); true, written or the refusal is the answer; false, not written.
     */
    Uni<Map<String, Object>> keep(String auth, String userId, Kept kept, Boolean writeBack, Map<String, Object> out) {
        Uni<Void> recorded = outcomes.recordPrediction(kept.model(), kept.version(), kept.object(), kept.id(),
                kept.probability(), userId);
        if (Boolean.FALSE.equals(writeBack)) {
            return recorded.replaceWith(out);
        }
        Uni<Boolean> written = crm.writeBack(auth, kept.path(), kept.id(), kept.fields()).replaceWith(true);
        if (writeBack == null) {
            written = written.onFailure().recoverWithItem(failure -> {
                LOG.debugf("The %s prediction of %s was not written back: %s", kept.model(), kept.id(), failure.getMessage());
                return false;
            });
        }
        return recorded.replaceWith(written).map(done -> {
            out.put("writtenBack", done);
            return out;
        });
    }
}
