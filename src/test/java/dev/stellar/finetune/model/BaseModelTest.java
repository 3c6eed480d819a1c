package dev.stellar.finetune.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The license a pretrained model's card declares in its YAML front matter, and only there. */
class BaseModelTest {

    @TempDir
    Path temp;

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "plain|---\\nlanguage: en\\nlicense: apache-2.0\\n---\\n# Model|apache-2.0",
                "quoted, with a comment|---\\nlicense: \"cc-by-4.0\"  # the data's\\n---\\n|cc-by-4.0",
                "only in the text|# Model\\nlicense: mit\\n|",
                "after the front matter|---\\nlanguage: en\\n---\\nlicense: mit\\n|",
                "nested, not top-level|---\\nmodel-index:\\n  license: mit\\n---\\n|",
                "a list, no single id|---\\nlicense: [mit, apache-2.0]\\n---\\n|",
            })
    void frontMatterLicense(String name, String card, String expected) throws Exception {
        Path file = temp.resolve("README.md");
        Files.writeString(file, card.replace("\\n", "\n"));
        assertEquals(Optional.ofNullable(expected), BaseModel.frontMatterLicense(file));
    }
}
