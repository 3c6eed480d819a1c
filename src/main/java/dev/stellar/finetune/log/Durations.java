package dev.stellar.finetune.log;

import java.util.Locale;

/** Formats seconds the way people read them in logs. */
public final class Durations {

    private Durations() {}

    /** 75 s as "1:15", 3725 s as "1:02:05". */
    public static String clock(double seconds) {
        if (!Double.isFinite(seconds) || seconds < 0) {
            return "?";
        }
        long s = Math.round(seconds);
        long h = s / 3600;
        long m = (s % 3600) / 60;
        long r = s % 60;
        return h > 0
                ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, r)
                : String.format(Locale.ROOT, "%d:%02d", m, r);
    }
}
