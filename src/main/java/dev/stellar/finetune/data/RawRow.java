package dev.stellar.finetune.data;

/**
 * One row as read from a data file, before labels are mapped.
 *
 * @param text the first (or only) text column
 * @param pair the second text column of a sentence pair, else {@code null}
 * @param label the label cell as text (integers as digits, booleans as 0/1), {@code null} when the split has none
 * @param file where the row came from
 * @param row the 1-based data row in that file (the header not counted)
 */
public record RawRow(String text, String pair, String label, DataFile file, int row) {

    /** "data/train.csv, data row 12", for messages. */
    public String where() {
        return file.path() + ", data row " + row;
    }
}
