/**
 * The observe step: everything a reconciliation looks at, read once (the spec's verdict, the pods, the
 * trainer's report, when this operator last wrote the status), so the decide step needs nothing else.
 */
package dev.segtpu.operator.reconcile.observe;
