package dev.stellar.finetune.maven;

import dev.stellar.finetune.eval.EvaluationReport;
import dev.stellar.finetune.eval.GateVerdict;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugin.logging.Log;

/** A missed gate fails the build (MojoFailureException), or only warns with haltOnFailure=false. */
final class QualityGateOutcome {

    private QualityGateOutcome() {}

    static void apply(EvaluationReport report, boolean haltOnFailure, Log log) throws MojoFailureException {
        GateVerdict verdict = report.gate();
        if (verdict.passed()) {
            if (verdict.hasLimits()) {
                log.info("Quality gate on the " + verdict.split() + " split passed");
            }
            return;
        }
        String message = String.join("; ", verdict.failures());
        if (haltOnFailure) {
            throw new MojoFailureException(message);
        }
        log.warn(message + " (not failing the build: finetune.haltOnFailure is false)");
    }
}
