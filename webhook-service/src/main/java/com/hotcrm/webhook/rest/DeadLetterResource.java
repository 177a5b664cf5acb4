package com.hotcrm.webhook.rest;

import jakarta.ws.rs.Path;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.hotcrm.platform.event.ChangeEventConsumers;
import com.hotcrm.platform.event.DeadLetterEndpoints;

/** Admins: the change events webhook-service's consumer (the fan-out to webhooks) parked, and their replay. */
@Path("/v1/admin/dead-letters/webhook")
public class DeadLetterResource extends DeadLetterEndpoints {

    DeadLetterResource(ChangeEventConsumers consumers, JsonWebToken jwt) {
        super(consumers, jwt);
    }
}
