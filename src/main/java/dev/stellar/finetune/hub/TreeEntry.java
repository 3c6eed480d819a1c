package dev.stellar.finetune.hub;

/** A file of a repository as the tree API lists it. */
public record TreeEntry(String path, long size) {}
