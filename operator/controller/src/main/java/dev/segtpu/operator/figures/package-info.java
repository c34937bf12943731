/**
 * Money and time, together so they are found together: {@code cost} (prices, ledger, budget),
 * {@code goodput} (productive and lost time) and {@code accounting}, which applies both to a job on every
 * decision ({@link dev.segtpu.operator.figures.accounting.JobFigures}).
 */
package dev.segtpu.operator.figures;
