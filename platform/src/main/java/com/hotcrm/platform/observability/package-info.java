/**
 * What every service shares to be observed in production: a request log line carrying the request and
 * trace ids, tracing that only exports when a collector is configured, and latency histograms.
 */
package com.hotcrm.platform.observability;
