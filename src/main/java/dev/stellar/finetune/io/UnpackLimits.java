package dev.stellar.finetune.io;

import java.util.OptionalLong;
import java.util.function.Function;

/**
 * What {@link ZipFiles#extract} may write: which entries (by name) at most how large each, how much in all,
 * and how far an entry may expand (a few KB that inflate to gigabytes are a zip bomb, not a model).
 *
 * @param maxBytes the largest size an entry of this name may have; empty for an entry that is skipped
 * @param maxRatio the most an entry larger than a mebibyte may expand over its compressed size
 */
public record UnpackLimits(Function<String, OptionalLong> maxBytes, long maxTotalBytes, long maxRatio) {}
