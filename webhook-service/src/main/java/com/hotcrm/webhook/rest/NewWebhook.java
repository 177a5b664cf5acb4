package com.hotcrm.webhook.rest;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.hotcrm.platform.json.StrictJson;

/**
 * {@code POST /v1/webhooks}. {@code secret} is generated ({@code whsec_...}) when not given; {@code active}
 * defaults to true.
 */
@StrictJson
@Schema(additionalProperties = Schema.False.class)
public record NewWebhook(
        @NotBlank(message = "name is required") @Size(max = 255, message = WebhookFields.NAME)
        @Pattern(regexp = WebhookFields.NO_CONTROLS, message = WebhookFields.NAME_CONTROLS) String name,
        @NotNull(message = "object is required") @WebhookConstraints.ObjectName String object,
        @NotEmpty(message = WebhookFields.EVENTS)
        List<@NotNull(message = WebhookFields.EVENT) @Pattern(regexp = WebhookFields.EVENT_PATTERN, message = WebhookFields.EVENT) String> events,
        @NotNull(message = "url is required") @WebhookConstraints.Url String url,
        @WebhookConstraints.Secret String secret,
        Boolean active) {
}
