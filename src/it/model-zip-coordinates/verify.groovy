import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log =~ /Model dev\.stellar\.it:full-verify:1\.0:zip:model resolved to .*full-verify-1\.0-model\.zip/ : 'resolved through Maven'
assert log.contains('Unpacked the model full-verify-1.0-model.zip') : 'unpacked into the cache'
assert log =~ /Epoch 1\/1: train loss/ : 'trained from the published model'
def cache = new File(localRepositoryPath, '.cache/finetune-maven-plugin/models')
assert cache.listFiles().any { new File(it, 'model.safetensors').isFile() } : "cached under the local repository: ${cache}"
def config = new JsonSlurper().parse(new File(basedir, 'target/finetune/model/config.json'))
assert config.num_hidden_layers == 2 : 'the encoder of the published model'
return true
