/**
 * Persisted runs of background jobs (training, trade reconciliation, lake loads, feeds): the records the
 * {@link org.shoptide.core.port.JobStore} port keeps and the job scheduler reads and writes.
 */
package org.shoptide.core.job;
