/**
 * Per-job Prometheus series. Create one {@link dev.segtpu.operator.metrics.JobMetrics} on the
 * operator's PrometheusMeterRegistry; call {@code observe(job)} after each status update and
 * {@code remove(job)} when the job is deleted. {@link dev.segtpu.operator.metrics.PriceTableSeries}
 * names the price table in use. Names and labels: dashboards/README.md.
 */
package dev.segtpu.operator.metrics;
