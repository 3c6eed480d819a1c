import groovy.json.JsonSlurper

def finetune = new File(basedir, 'target/finetune')
def config = new JsonSlurper().parse(new File(finetune, 'model/config.json'))
assert config.id2label == ['0': 'different', '1': 'same'] : "string labels are sorted and mapped: ${config.id2label}"
assert config.finetune.pooling == 'mean' : 'pooling recorded'
assert config.finetune.classifier_hidden_sizes == [] : 'single Linear head recorded'
def evaluation = new JsonSlurper().parse(new File(finetune, 'evaluation.json'))
assert evaluation.validation.count == 60 : 'the validation file is the validation split'
assert !evaluation.containsKey('test') : 'no test split'
return true
