import dev.stellar.finetune.testing.OnnxBertWriter

// Publish the tiny BERT as an ONNX jar into the local repository the build resolves from.
def dir = new File(localRepositoryPath, 'dev/stellar/it/tiny-bert-onnx/1.0')
dir.mkdirs()
OnnxBertWriter.writeTinyJar(new File(dir, 'tiny-bert-onnx-1.0.jar').toPath())
new File(dir, 'tiny-bert-onnx-1.0.pom').text = '''<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.stellar.it</groupId>
  <artifactId>tiny-bert-onnx</artifactId>
  <version>1.0</version>
</project>
'''
return true
