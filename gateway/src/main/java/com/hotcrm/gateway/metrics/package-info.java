/** The gateway's own metrics: rate, errors and latency per route of DESIGN.md's table. */
package com.hotcrm.gateway.metrics;
