/**
 * The act step: the writes to the API server, in the order documented on
 * {@link dev.segtpu.operator.reconcile.decide.Decision}. It decides nothing beyond what the API server
 * forces (a refused creation amends the status written) and returns what it wrote.
 */
package dev.segtpu.operator.reconcile.act;
