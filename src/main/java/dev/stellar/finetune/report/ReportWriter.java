package dev.stellar.finetune.report;

import dev.stellar.finetune.config.WorkLayout;
import dev.stellar.finetune.io.AtomicFiles;
import java.nio.file.Path;

/** Writes target/finetune/report.html from whatever the goals have left there so far. */
public final class ReportWriter {

    private ReportWriter() {}

    /** @return the report's path */
    public static Path write(WorkLayout layout) {
        Path file = layout.reportFile();
        AtomicFiles.writeString(file, HtmlReport.render(ReportInputs.read(layout)));
        return file;
    }
}
