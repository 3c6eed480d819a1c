import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log =~ /Model dev\.stellar\.it:tiny-bert-onnx:1\.0:jar resolved to .*tiny-bert-onnx-1\.0\.jar/ : 'resolved through Maven'
assert log.count('Importing the ONNX model tiny-bert.onnx from tiny-bert-onnx-1.0.jar') == 1 : 'imported once'
assert log.contains('Using the model unpacked earlier from tiny-bert-onnx-1.0.jar') : 'the second goal reuses the import'
assert log =~ /Epoch 1\/1: train loss/ : 'trained on the imported encoder'
def config = new JsonSlurper().parse(new File(basedir, 'target/finetune/model/config.json'))
assert config.num_hidden_layers == 2 && config.num_attention_heads == 2 && config.intermediate_size == 64 : 'configuration inferred from the graph'
assert config.finetune_imported_from == 'tiny-bert-onnx-1.0.jar!/tiny-bert.onnx' : 'the import is recorded'
return true
