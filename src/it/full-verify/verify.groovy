import groovy.json.JsonSlurper
import java.util.zip.ZipFile

def log = new File(basedir, 'build.log').text
def finetune = new File(basedir, 'target/finetune')

// The goals ran in their default phases, in order.
def at = { goal -> log.indexOf(":${goal} (default) @ full-verify") }
assert at('prepare-data') > 0 && at('prepare-data') < at('freeze-and-train') : 'prepare-data runs before training'
assert at('freeze-and-train') < at('evaluate') : 'training runs before evaluate'
assert log.contains('Total params:') : 'a model summary is printed'
assert log.count('Training 3 epochs') == 1 : 'trained once'
assert log =~ /The model is up to date \(fingerprint [0-9a-f]{12}\)/ : 'the second build does not train again'
assert log.count('Attached the model as full-verify-1.0-model.zip') == 2 : 'the kept model is still attached'
assert log =~ /Epoch 3\/3: train loss [0-9.]+ acc [0-9.]+ F1 [0-9.]+ \| validation loss/ : 'one line per epoch'
assert log.contains('Quality gate on the validation split passed') : 'the gate passed'

// Files between goals.
assert new File(finetune, 'data/train.safetensors').isFile() : 'encoded train split'
assert new File(finetune, 'data/stats.json').isFile() : 'data statistics'
def evaluation = new JsonSlurper().parse(new File(finetune, 'evaluation.json'))
assert evaluation.validation.accuracy >= 0.8 : "validation accuracy ${evaluation.validation.accuracy}"
assert evaluation.test.accuracy != null : 'the labelled test split is scored'
assert evaluation.gate.passed == true : 'gate verdict recorded'
assert evaluation.validation.confusion.flatten().sum() == evaluation.validation.count : 'confusion matrix counts every row'
assert evaluation.validation.perClass*.label == ['0', '1'] : 'per-class figures'
def training = new JsonSlurper().parse(new File(finetune, 'model/training.json'))
assert training.epochs.size() == 3 : 'training.json holds every epoch'
assert training.training.batchSize == 16 && training.head.pooling == 'MEAN' : 'training.json holds the settings'

// The model zip was attached and installed.
def zip = new File(localRepositoryPath, 'dev/stellar/it/full-verify/1.0/full-verify-1.0-model.zip')
assert zip.isFile() : "installed model zip at ${zip}"
def names = new ZipFile(zip).withCloseable { z -> z.entries().collect { it.name } }
['config.json', 'model.safetensors', 'model.onnx', 'tokenizer.json', 'tokenizer_config.json',
        'special_tokens_map.json', 'training.json', 'README.md'].each {
    assert names.contains(it) : "the model zip holds ${it}: ${names}"
}
// evaluate (phase verify) packed the zip again after freeze-and-train attached it, so the installed card is evaluated.
assert log.contains('Packed the evaluated model card into the attached full-verify-1.0-model.zip') : 'zip packed again'
def card = new ZipFile(zip).withCloseable { z -> z.getInputStream(z.getEntry('README.md')).getText('UTF-8') }
assert card.startsWith('---\n') && card.contains('pipeline_tag: text-classification') : 'the card has front matter'
assert card.contains('From evaluation.json') && !card.contains('has not run') : 'the installed card holds the evaluation'
assert card.contains("split: validation\n    metrics:\n    - type: accuracy\n      value: ${evaluation.validation.accuracy}\n") :
        'model-index carries evaluation.json\'s validation accuracy'
assert card.contains('Quality gate on the validation split (accuracy at least 0.8): passed.') : 'the gate verdict'
def config = new JsonSlurper().parse(new File(finetune, 'model/config.json'))
assert config.id2label['0'] == '0' && config.id2label['1'] == '1' : 'id2label saved'
assert !config.containsKey('architectures') : "mean pooling fits no transformers class: ${config.architectures}"
assert config.problem_type == 'single_label_classification' : 'problem_type saved'
return true
