package dev.stellar.finetune.maven;

import dev.stellar.finetune.config.DeviceSetting;
import dev.stellar.finetune.config.EngineSettings;
import java.io.File;
import org.apache.maven.plugins.annotations.Parameter;

/** A goal that starts the PyTorch engine: where it computes and which libtorch it runs. */
public abstract class AbstractEngineMojo extends AbstractFinetuneMojo {

    /**
     * Where the engine computes: {@code auto} (a CUDA GPU when the libtorch in use has CUDA and sees one, else
     * the CPU), {@code cpu}, {@code gpu} (the first GPU; an error without one) or {@code gpu:N}. The plugin's
     * own libtorch is the CPU build: a GPU needs {@code libtorch} or {@code engineDownload}.
     */
    @Parameter(property = "finetune.device", defaultValue = "auto")
    protected String device;

    /**
     * The lib folder of a libtorch 2.7.1 to run instead of the plugin's CPU build, e.g. the CUDA 12.8 build
     * (pytorch.org's libtorch zip, or pip's torch/lib). Unset: the CPU build from Maven Central.
     */
    @Parameter(property = "finetune.libtorch")
    protected File libtorch;

    /**
     * Let DJL download libtorch (its CUDA build for {@code device} gpu) into its cache ~/.djl.ai when no
     * {@code libtorch} is given. Off: nothing is downloaded at run time.
     */
    @Parameter(property = "finetune.engineDownload", defaultValue = "false")
    protected boolean engineDownload;

    @Override
    protected EngineSettings engine() {
        return new EngineSettings(
                DeviceSetting.parse(device),
                libtorch == null ? null : libtorch.toPath().toAbsolutePath(),
                engineDownload);
    }
}
