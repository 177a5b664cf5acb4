package com.hotcrm.records.rest;

import jakarta.ws.rs.Path;

import org.eclipse.microprofile.jwt.JsonWebToken;

import com.hotcrm.platform.event.ChangeEventConsumers;
import com.hotcrm.platform.event.DeadLetterEndpoints;

/** Admins: the change events records-service's consumers (UserMirror) parked, and their replay. */
@Path("/v1/admin/dead-letters/records")
public class DeadLetterResource extends DeadLetterEndpoints {

    DeadLetterResource(ChangeEventConsumers consumers, JsonWebToken jwt) {
        super(consumers, jwt);
    }
}
