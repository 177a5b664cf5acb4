package com.hotcrm.ai.rest;

import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.hotcrm.ai.knowledge.Knowledge;
import com.hotcrm.ai.knowledge.KnowledgeIndexer;
import com.hotcrm.platform.error.CrmException;
import com.hotcrm.platform.error.ErrorMappers;
import com.hotcrm.platform.security.Caller;

import io.smallrye.mutiny.Uni;

/** Knowledge Q&A and semantic search over the published KnowledgeArticle records the caller may read. */
@Path("/v1/ai/knowledge")
@Produces(MediaType.APPLICATION_JSON)
public class KnowledgeResource {

    private final Knowledge knowledge;
    private final KnowledgeIndexer indexer;
    private final AiCalls calls;
    private final JsonWebToken jwt;

    KnowledgeResource(Knowledge knowledge, KnowledgeIndexer indexer, AiCalls calls, JsonWebToken jwt) {
        this.knowledge = knowledge;
        this.indexer = indexer;
        this.calls = calls;
        this.jwt = jwt;
    }

    @POST
    @Path("search")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> search(@NotNull(message = ErrorMappers.NO_BODY) @Valid AiRequests.KnowledgeSearch body) {
        return calls.counted("knowledge-search", knowledge.search(AiCalls.bearer(jwt), Caller.of(jwt), body));
    }

    @POST
    @Path("ask")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<Map<String, Object>> ask(@NotNull(message = ErrorMappers.NO_BODY) @Valid AiRequests.KnowledgeAsk body) {
        return calls.counted("knowledge-ask", knowledge.ask(AiCalls.bearer(jwt), Caller.of(jwt), body));
    }

    /** Admins: rebuild the index from the articles themselves. */
    @POST
    @Path("reindex")
    public Uni<Map<String, Object>> reindex() {
        if (!Caller.of(jwt).isAdmin()) {
            throw CrmException.permission("Only an admin may rebuild the knowledge index");
        }
        return indexer.reindex(AiCalls.bearer(jwt));
    }
}
