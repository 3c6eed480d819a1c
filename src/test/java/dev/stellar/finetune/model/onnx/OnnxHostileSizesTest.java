package dev.stellar.finetune.model.onnx;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.stellar.finetune.config.FinetuneException;
import dev.stellar.finetune.model.onnx.proto.GraphProto;
import dev.stellar.finetune.model.onnx.proto.ModelProto;
import dev.stellar.finetune.model.onnx.proto.TensorProto;
import dev.stellar.finetune.testing.OnnxBertWriter;
import dev.stellar.finetune.testing.TestModels;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ONNX file's declared tensor sizes are checked against the bytes it holds before anything is
 * allocated: a small file claiming a huge tensor, a negative dimension or too little data is refused
 * with a message naming the file and the tensor.
 */
class OnnxHostileSizesTest {

    private static ModelProto tiny;

    @TempDir
    Path temp;

    @BeforeAll
    static void export() throws Exception {
        tiny = ModelProto.parseFrom(OnnxBertWriter.onnx(TestModels.tinyBert(), 2, 2));
    }

    /** The tiny export with one initializer changed. */
    private static ModelProto with(String name, UnaryOperator<TensorProto.Builder> change) {
        GraphProto.Builder graph = tiny.getGraph().toBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            if (graph.getInitializer(i).getName().equals(name)) {
                graph.setInitializer(i, change.apply(graph.getInitializer(i).toBuilder()));
                return tiny.toBuilder().setGraph(graph).build();
            }
        }
        throw new IllegalArgumentException(name);
    }

    private String refused(ModelProto model) {
        byte[] tokenizer = "{}".getBytes(StandardCharsets.UTF_8);
        var e = assertThrows(
                FinetuneException.class,
                () -> BertOnnxImport.convert(
                        new ByteArrayInputStream(model.toByteArray()), tokenizer, temp, "hostile.jar!/model.onnx"));
        assertTrue(
                e.getMessage()
                        .startsWith("The ONNX model in hostile.jar!/model.onnx cannot be imported as a BERT"
                                + " encoder: "),
                e.getMessage());
        return e.getMessage();
    }

    private static TensorProto.Builder dims(TensorProto.Builder tensor, Long... dims) {
        return tensor.clearDims().addAllDims(List.of(dims));
    }

    @Test
    void aSmallFileClaimingAHugeTensorIsRefusedBeforeAllocating() {
        ModelProto model = with("embeddings.LayerNorm.weight", t -> dims(t, 40_000L, 40_000L));
        String message = refused(model);
        assertTrue(model.getSerializedSize() < 5_000_000, "the whole file is small");
        assertTrue(
                message.contains("the tensor embeddings.LayerNorm.weight declares the shape [40000, 40000]"
                        + " (1600000000 floats) but holds 128 bytes of raw_data"),
                message);
    }

    @Test
    void aLinearWeightClaimingMoreThanItHoldsIsRefused() {
        String matMul = tiny.getGraph().getInitializerList().stream()
                .map(TensorProto::getName)
                .filter(n -> n.startsWith("onnx::MatMul"))
                .findFirst()
                .orElseThrow();
        String message = refused(with(matMul, t -> dims(t, 40_000L, 40_000L)));
        assertTrue(message.contains("the tensor " + matMul + " declares the shape [40000, 40000]"), message);
    }

    @Test
    void aNegativeDimensionIsRefused() {
        String message = refused(with("embeddings.LayerNorm.bias", t -> dims(t, -1L, -32L)));
        assertTrue(message.contains("the tensor embeddings.LayerNorm.bias declares a negative dimension -1"), message);
    }

    @Test
    void tooLittleDataIsRefused() {
        String message = refused(with(
                "embeddings.LayerNorm.bias", t -> t.setRawData(t.getRawData().substring(0, 60))));
        assertTrue(
                message.contains("the tensor embeddings.LayerNorm.bias declares the shape [32] (32 floats) but"
                        + " holds 60 bytes of raw_data (truncated or not a real export)"),
                message);
    }

    @Test
    void aShapeWhoseProductOverflowsIsRefused() {
        String message = refused(with("embeddings.LayerNorm.bias", t -> dims(t, 1L << 40, 1L << 40)));
        assertTrue(message.contains("more elements than a long can count"), message);
    }

    @Test
    void floatDataOfTheWrongLengthIsRefused() {
        String message = refused(with(
                "embeddings.LayerNorm.bias", t -> t.setRawData(ByteString.EMPTY).addAllFloatData(List.of(1f, 2f))));
        assertTrue(message.contains("declares the shape [32] (32 floats) but holds 2 float_data values"), message);
    }

    @Test
    void aVectorWhereTheWordEmbeddingMatrixBelongsIsRefused() {
        String message = refused(with(
                "embeddings.word_embeddings.weight", t -> dims(t, 30522L * 32).setRawData(t.getRawData())));
        assertTrue(
                message.contains("the tensor embeddings.word_embeddings.weight has shape [976704] where a matrix"
                        + " was expected"),
                message);
    }
}
