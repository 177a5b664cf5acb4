package com.hotcrm.ai.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.hotcrm.platform.error.ErrorCode;
import com.hotcrm.platform.error.ErrorEnvelope;

/**
 * The CRM data service not answering (down, slow, circuit open), or something outside the CRM it needs (a speech-to-text endpoint), is a 503
 * in the envelope, not a 500.
 */
public class UpstreamMappers {

    private static final Logger LOG = Logger.getLogger(UpstreamMappers.class);

    @ServerExceptionMapper
    public Response unavailable(AiUnavailable e) {
        return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorEnvelope.of(ErrorCode.SERVER_ERROR, e.getMessage())).build();
    }

    @ServerExceptionMapper({ TimeoutException.class, CircuitBreakerOpenException.class, java.net.ConnectException.class,
            jakarta.ws.rs.ProcessingException.class, io.vertx.core.VertxException.class })
    public Response crmUnavailable(Throwable e) {
        LOG.warnf("CRM data unavailable: %s", e.toString());
        return Response.status(503).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorEnvelope.of(ErrorCode.SERVER_ERROR,
                        "The CRM data service is unavailable; try again shortly"))
                .build();
    }
}
