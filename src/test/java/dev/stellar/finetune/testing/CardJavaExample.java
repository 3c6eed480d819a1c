package dev.stellar.finetune.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.util.NativeResource;
import ai.onnxruntime.OrtSession;
import dev.stellar.finetune.card.UsageExamples;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The model card's Java example, compiled with the JDK's compiler and run on a model folder, as a user would. */
public final class CardJavaExample {

    private CardJavaExample() {}

    /** The text between {@code fence} and the closing fence. */
    public static String codeBlock(String card, String fence) {
        int start = card.indexOf(fence);
        assertTrue(start >= 0, fence + " in\n" + card);
        return card.substring(start + fence.length(), card.indexOf("```\n", start + fence.length()));
    }

    /** Compiles the card's ```java block in {@code work} and runs it on {@code model} and {@code text}: its lines. */
    public static List<String> run(String card, Path work, Path model, String text) throws Exception {
        String source = codeBlock(card, "```java\n");
        Path sources = Files.createDirectories(work);
        Path file = sources.resolve(UsageExamples.JAVA_CLASS + ".java");
        Files.writeString(file, source);
        String classPath = Stream.of(HuggingFaceTokenizer.class, NativeResource.class, OrtSession.class)
                .map(c -> c.getProtectionDomain().getCodeSource().getLocation().getPath())
                .collect(Collectors.joining(File.pathSeparator));
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javax.tools.ToolProvider.getSystemJavaCompiler()
                .run(null, null, errors, "-cp", classPath, "-d", sources.toString(), file.toString());
        assertEquals(0, status, errors.toString(StandardCharsets.UTF_8) + "\n" + source);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {sources.toUri().toURL()}, CardJavaExample.class.getClassLoader())) {
            Method main = loader.loadClass(UsageExamples.JAVA_CLASS).getMethod("main", String[].class);
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            main.invoke(null, (Object) new String[] {model.toString(), text});
        } finally {
            System.setOut(out);
        }
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
