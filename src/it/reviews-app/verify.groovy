import java.util.zip.ZipFile
import groovy.xml.XmlSlurper

def log = new File(basedir, 'build.log').text
def example = new File(basedir, 'reviews-app')
def entries = { File zip -> new ZipFile(zip).withCloseable { z -> z.entries().collect { it.name } } }

// The model module trained the tiny model on the quick start's data, gated it and attached the zip.
assert log.count('Training 2 epochs') == 1 : 'trained once'
assert log.contains('Quality gate on the test split passed') : 'the gate passed'
assert log.contains('Attached the model as reviews-model-1.0-SNAPSHOT-model.zip (type zip, classifier model)') : 'zip attached'
def zip = new File(example, 'model/target/reviews-model-1.0-SNAPSHOT-model.zip')
assert zip.isFile() : "model zip at ${zip}"
assert entries(zip).containsAll(['model.onnx', 'tokenizer.json', 'config.json']) : "zip entries ${entries(zip)}"

// The app unpacked model.onnx and tokenizer.json (nothing else) into its classes and its jar.
def unpacked = new File(example, 'app/target/classes/reviews-model').list() as List
assert unpacked.sort() == ['model.onnx', 'tokenizer.json'] : "unpacked ${unpacked}"
def jar = new File(example, 'app/target/reviews-app-1.0-SNAPSHOT.jar')
assert entries(jar).containsAll(['reviews-model/model.onnx', 'reviews-model/tokenizer.json']) : 'the model ships in the jar'

// finetune:predict took the zip from the reactor and wrote the reference predictions.
assert log =~ /Model dev\.stellar\.examples:reviews-model:1\.0-SNAPSHOT:zip:model resolved to .*reviews-app\/model\/target\/reviews-model-1\.0-SNAPSHOT-model\.zip/ : 'zip from the reactor'
assert log.contains('labels negative, positive, maxLength 32') : 'the model predict used'
assert log =~ /\[INFO\] 8 rows: negative \d/ : 'predicted every sentence'
def predictions = new File(example, 'app/target/finetune-predictions.csv')
assert predictions.readLines().size() == 9 : 'a header and 8 predictions'

// The app's tests ran and passed; only the label checks were skipped (-Dreviews.skipLabelChecks).
def report = new XmlSlurper().parse(new File(example,
        'app/target/surefire-reports/TEST-dev.stellar.examples.reviews.SentimentClassifierTest.xml'))
assert report.@failures == '0' && report.@errors == '0' : "failures ${report.@failures}, errors ${report.@errors}"
def ran = report.testcase.findAll { it.skipped.size() == 0 }*.@name*.toString()
assert ran.containsAll(['probabilitiesEqualThoseOfFinetunePredict', 'labelsAreThoseTheModelWasTrainedWith',
        'probabilitiesSumToOne', 'textsLongerThanMaxLengthAreCutThere',
        'concurrentCallsGiveTheAnswersOfSequentialOnes']) : "ran ${ran}"
def skipped = report.testcase.findAll { it.skipped.size() > 0 }*.@name*.toString()
assert skipped.every { it.startsWith('clearReviewsGetTheirLabel') } && skipped.size() == 1 : "skipped ${skipped}"
assert log.contains('Tests run: 6, Failures: 0, Errors: 0, Skipped: 1') : 'surefire summary'
assert log =~ /reviews-model 1\.0-SNAPSHOT \.+ SUCCESS/ && log =~ /reviews-app 1\.0-SNAPSHOT \.+ SUCCESS/ : 'both modules built'

// The README shows the example's code, not a copy that drifts.
def readme = basedir.toPath().resolve('../../../README.md').normalize().toFile().text
def sources = new File(example, 'app/src/main/java/dev/stellar/examples/reviews')
['SentimentClassifier.java', 'Classification.java'].each { name ->
    assert readme.contains('```java\n' + new File(sources, name).text.trim() + '\n```') : "README shows ${name} as it is"
}
return true
