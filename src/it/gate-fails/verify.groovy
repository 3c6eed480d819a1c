def log = new File(basedir, 'build.log').text
def message = log =~ /Validation accuracy 0\.\d{3} is below the minimum 0\.99 set by finetune\.minAccuracy/
assert message.find() : 'the gate message names the measured value, the minimum and the property'
assert (log =~ /Validation MCC -?\d\.\d{3} is below the minimum 0\.99 set by gates\/gate\[1\]/).find() : 'a <gate> minimum'
assert (log =~ /Validation log loss \d\.\d{3} is above the maximum 0\.01 set by gates\/gate\[2\]/).find() : 'a <gate> maximum'
assert !log.contains('gates/gate[3]') : 'the bound that holds is not reported'
def evaluation = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/finetune/evaluation.json'))
assert evaluation.validation.rocAuc instanceof Number && evaluation.validation.logLoss > 0.01 : 'the new figures are written'
assert log.contains('[ERROR] Failed to execute goal dev.stellar:finetune-maven-plugin') : 'the build failed on the gate'
assert new File(basedir, 'target/finetune/evaluation.json').isFile() : 'figures are written before the build fails'
return true
