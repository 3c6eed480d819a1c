def log = new File(basedir, 'build.log').text
['prepare-data', 'freeze-and-train', 'evaluate'].each {
    assert log.contains("Skipping finetune:${it} because finetune.skip is set") : "${it} says it skipped"
}
assert !new File(basedir, 'target/finetune').exists() : 'nothing was written'
return true
