/**
 * The Java client for the HotCRM REST API. Start at {@link com.hotcrm.sdk.HotCRMClient#builder()}; every failed
 * call is a {@link com.hotcrm.sdk.HotCRMException}; {@link com.hotcrm.sdk.WebhookVerifier} checks what webhooks send.
 */
package com.hotcrm.sdk;
