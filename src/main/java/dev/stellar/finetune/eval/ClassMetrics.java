package dev.stellar.finetune.eval;

/** Precision, recall and F1 of one class, and how many examples truly belong to it. */
public record ClassMetrics(String label, double precision, double recall, double f1, int support) {}
