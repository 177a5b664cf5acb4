package com.hotcrm.sdk;

/** A webhook request whose signature or timestamp does not check out: do not act on it. */
public class WebhookVerificationException extends HotCRMException {

    private static final long serialVersionUID = 1L;

    public static final String WEBHOOK_VERIFICATION_ERROR = "WEBHOOK_VERIFICATION_ERROR";

    public WebhookVerificationException(String message) {
        super(WEBHOOK_VERIFICATION_ERROR, message);
    }
}
