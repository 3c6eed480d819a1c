import dev.stellar.finetune.testing.FakeHub
import groovy.json.JsonSlurper

try {
    def log = new File(basedir, 'build.log').text
    def endpoint = "http://127.0.0.1:${fakehubPort}"
    assert log =~ /Model google-bert\/tiny-bert at main \(commit [0-9a-f]{12}\) from ${java.util.regex.Pattern.quote(endpoint)}/ : 'the model came from the Hub'
    assert log.contains('Data set nyu-mll/glue, configuration mrpc (Parquet conversion') : 'the data set came from the Hub'
    assert log.contains('Label names from the data set\'s features: not_equivalent, equivalent') : 'ClassLabel names'
    assert log.contains('every label is -1') : 'the hidden test labels are recognised'
    assert log.contains('Gating on the validation split instead of test') : 'evaluate falls back to validation and says why'
    assert log.contains('Model google-bert/tiny-bert at main from the Hugging Face cache (offline)') : 'second run offline from the cache'
    assert log.contains('Data set nyu-mll/glue from the Hugging Face cache (offline)') : 'data set offline from the cache'
    assert log.count('BUILD SUCCESS') == 3 : 'all three runs pass'
    assert log =~ /train\s+64 rows/ : 'finetune:datasets lists the splits with their rows'
    assert log.contains('Features: sentence1: string, sentence2: string, label: ClassLabel [not_equivalent, equivalent]') : 'and the features'
    assert !log.contains('hf_itSettingsToken42') : 'the token is never logged'
    new File(basedir, 'target/finetune/jobs').eachFile { assert !it.text.contains('hf_itSettingsToken42') : "no token in ${it}" }

    def config = new JsonSlurper().parse(new File(basedir, 'target/finetune/model/config.json'))
    assert config.id2label == ['0': 'not_equivalent', '1': 'equivalent'] : "real label names: ${config.id2label}"
    def card = new File(basedir, 'target/finetune/model/README.md').text
    assert card.contains('\nbase_model: google-bert/tiny-bert\n') : 'the card names the Hub model as base_model'
    assert card.contains('\ndatasets:\n- nyu-mll/glue\n') : 'and the Hub data set'
    def cache = new File(basedir, 'target/hf-home/hub')
    assert new File(cache, 'models--google-bert--tiny-bert/refs/main').text ==~ /[0-9a-f]{40}/ : 'Python cache layout'
    assert new File(cache, 'datasets--nyu-mll--glue/refs/refs/convert/parquet').isFile() : 'the Parquet branch is remembered'
    return true
} finally {
    FakeHub.stop(Integer.parseInt(fakehubPort))
}
