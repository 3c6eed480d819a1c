def log = new File(basedir, 'build.log').text
def message = log =~ /Validation accuracy 0\.\d{3} is below the minimum 0\.99 set by finetune\.minAccuracy/
assert message.find() : 'the gate message names the measured value, the minimum and the property'
assert log.contains('[ERROR] Failed to execute goal dev.stellar:finetune-maven-plugin') : 'the build failed on the gate'
assert new File(basedir, 'target/finetune/evaluation.json').isFile() : 'figures are written before the build fails'
return true
