import groovy.json.JsonSlurper
import groovy.xml.XmlSlurper

def log = new File(basedir, 'build.log').text
def finetune = new File(basedir, 'target/finetune')

assert log.contains('Freeze sweep: one model per freezeLayerCount -1, 1, 2 on the same data and seed; the best by selectBestBy f1 is kept') : 'the sweep is announced'
['-1', '1', '2'].eachWithIndex { count, i ->
    assert log.contains("Freeze sweep ${i + 1}/3: freezeLayerCount ${count}") : "trains freezeLayerCount ${count}"
}
assert log.count('Training 3 epochs') == 3 : 'one model per count'
def report = new File(finetune, 'report.html')
assert log.contains("Report: ${report.absolutePath}") : 'the report path is printed'

def sweep = new JsonSlurper().parse(new File(finetune, 'sweep.json'))
assert sweep.models*.freezeLayerCount == [-1, 1, 2]
def bestF1 = sweep.models.collect { it.best.validationF1 }.max()
def kept = sweep.models.find { it.freezeLayerCount == sweep.keptFreezeLayerCount }
assert kept.best.validationF1 == bestF1 : 'the kept model has the best validation F1'
assert log.contains("Kept the model of freezeLayerCount ${sweep.keptFreezeLayerCount}")
['freeze-embeddings', 'freeze-1', 'freeze-2'].each {
    assert new File(finetune, "sweep/${it}/model.safetensors").isFile() : "model of ${it}"
}
def training = new JsonSlurper().parse(new File(finetune, 'model/training.json'))
assert training.fingerprint == kept.fingerprint : 'target/finetune/model is the kept model'
assert training.training.freezeLayerCount == sweep.keptFreezeLayerCount
def evaluation = new JsonSlurper().parse(new File(finetune, 'evaluation.json'))
assert evaluation.modelFingerprint == kept.fingerprint : 'evaluate scored the kept model'
def csv = new File(finetune, 'model/metrics.csv').readLines()
assert csv.size() == 4 && csv[0].startsWith('epoch,steps,train_loss') : 'metrics.csv: header and one row per epoch'

// The report: the sweep's chart (one line per count) and table (one row per count, the kept one marked).
def html = new XmlSlurper(false, false, true).parse(report)
def sweepSection = html.'**'.find { it.name() == 'section' && it.@id == 'sweep' }
assert sweepSection : 'a freeze sweep section'
def charts = sweepSection.'**'.findAll { it.name() == 'svg' }
assert charts.size() == 2 : 'validation accuracy and F1 per freeze count'
charts.each { chart ->
    assert chart.'**'.findAll { it.name() == 'path' && it.@class == 'series' }.size() == 3 : 'a line per count'
    assert chart.'**'.findAll { it.name() == 'text' && it.@class == 'legend' }*.text() ==
            ['freeze -1', 'freeze 1', 'freeze 2'] : 'a legend per count'
}
def rows = sweepSection.'**'.find { it.name() == 'table' && it.@class == 'sweep' }.tbody.tr
assert rows.size() == 3 : 'a table row per count'
assert rows.findAll { it.@class == 'kept' }.size() == 1 : 'the kept model is marked'
assert rows.find { it.@class == 'kept' }.th.text() == "${sweep.keptFreezeLayerCount}"
return true
