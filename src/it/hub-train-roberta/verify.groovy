import dev.stellar.finetune.testing.FakeHub
import groovy.json.JsonSlurper

try {
    def log = new File(basedir, 'build.log').text
    def endpoint = "http://127.0.0.1:${fakehubPort}"
    assert log =~ /Model FacebookAI\/tiny-roberta at main \(commit [0-9a-f]{12}\) from ${java.util.regex.Pattern.quote(endpoint)}/ : 'the model came from the Hub'
    assert log.count('BUILD SUCCESS') == 2 : 'train and predict pass'
    def model = new File(basedir, 'target/finetune/model')
    def config = new JsonSlurper().parse(new File(model, 'config.json'))
    assert config.model_type == 'roberta' : "the saved model is a RoBERTa: ${config.model_type}"
    assert config.architectures == ['RobertaForSequenceClassification'] : "loads as its own class: ${config.architectures}"
    assert config.finetune.pooling == 'cls' : "the family's pooling by default: ${config.finetune}"
    ['model.safetensors', 'model.onnx', 'model_int8.onnx', 'tokenizer.json', 'README.md'].each {
        assert new File(model, it).isFile() : "${it} is written"
    }
    def card = new File(model, 'README.md').text
    assert card.contains('RobertaForSequenceClassification.from_pretrained(model_dir)') : 'the card shows the family class'
    def evaluation = new JsonSlurper().parse(new File(basedir, 'target/finetune/evaluation.json'))
    assert evaluation.exports['onnx-int8'] != null : 'evaluate scored the int8 export too'
    assert log =~ /a wonderful, moving film/ : 'predict printed the text it classified'
    return true
} finally {
    FakeHub.stop(Integer.parseInt(fakehubPort))
}
