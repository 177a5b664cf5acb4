/**
 * What the API answers, as Java types: {@link com.hotcrm.sdk.model.CrmRecord} (any object's record, with typed
 * accessors) and its standard-object subclasses ({@link com.hotcrm.sdk.model.Account},
 * {@link com.hotcrm.sdk.model.Opportunity}...), pages, batch and aggregate results, AI answers, metadata and webhooks.
 */
package com.hotcrm.sdk.model;
