package dev.stellar.finetune.model.onnx;

/**
 * A float matrix quantized row by row to int8 in [-127, 127], symmetric (zero point 0): each row's scale is its
 * largest magnitude over 127, so every value is off by at most half a step.
 *
 * @param values row-major, [rows, columns]
 * @param scales one per row
 */
public record Int8Rows(byte[] values, float[] scales, int rows, int columns) {

    public static Int8Rows of(float[] matrix, int rows, int columns) {
        byte[] values = new byte[matrix.length];
        float[] scales = new float[rows];
        for (int r = 0; r < rows; r++) {
            int base = r * columns;
            float max = 0;
            for (int c = 0; c < columns; c++) {
                max = Math.max(max, Math.abs(matrix[base + c]));
            }
            float scale = max == 0 ? 1f : max / 127f;
            scales[r] = scale;
            for (int c = 0; c < columns; c++) {
                values[base + c] = (byte) Math.max(-127, Math.min(127, Math.round(matrix[base + c] / scale)));
            }
        }
        return new Int8Rows(values, scales, rows, columns);
    }

    /** The values column-major ([columns, rows]): a Linear weight [out, in] as MatMulInteger's [in, out]. */
    public byte[] transposedValues() {
        byte[] t = new byte[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                t[c * rows + r] = values[r * columns + c];
            }
        }
        return t;
    }

    /** The float values the int8 values stand for, row-major. */
    public float[] dequantized() {
        float[] out = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                out[r * columns + c] = values[r * columns + c] * scales[r];
            }
        }
        return out;
    }
}
