def log = new File(basedir, 'build.log').text
assert log =~ /The fine-tuning worker JVM \(pid \d+\) ended with exit code 3 because it ran out of Java heap with batchSize 32 and maxLength 32 \(lower batchSize or maxLength, or raise -Xmx in <jvmArgs>\)/ : 'names the cause, the settings used and the fix'
assert log.contains('Terminating due to java.lang.OutOfMemoryError: Java heap space') : 'shows the JVM\'s own line'
assert !new File(basedir, 'target/finetune/model').exists() : 'no half-written model'
return true
