package com.hotcrm.webhook.rest;

import java.util.List;
import java.util.Optional;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.hotcrm.platform.json.StrictJson;

/**
 * {@code PATCH /v1/webhooks/{id}}: only what is sent changes. A field left out is null; none of a webhook's
 * fields can be cleared, so one sent as {@code null} (an empty Optional) is refused. {@code rotateSecret: true}
 * replaces the secret with a generated one (the old one keeps signing alongside for the grace period).
 */
@StrictJson
@Schema(additionalProperties = Schema.False.class)
public record WebhookChanges(
        Optional<@NotBlank(message = "name must not be empty") @Size(max = 255, message = WebhookFields.NAME)
        @Pattern(regexp = WebhookFields.NO_CONTROLS, message = WebhookFields.NAME_CONTROLS) String> name,
        Optional<@NotNull(message = "object must not be null") @WebhookConstraints.ObjectName String> object,
        Optional<@NotEmpty(message = WebhookFields.EVENTS)
        List<@NotNull(message = WebhookFields.EVENT) @Pattern(regexp = WebhookFields.EVENT_PATTERN, message = WebhookFields.EVENT) String>> events,
        Optional<@NotNull(message = "url must not be null") @WebhookConstraints.Url String> url,
        Optional<@NotNull(message = "secret must not be null; send rotateSecret: true for a new one")
        @WebhookConstraints.Secret String> secret,
        Optional<@NotNull(message = "active must be true or false") Boolean> active,
        Boolean rotateSecret) {
}
