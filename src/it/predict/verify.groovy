def log = new File(basedir, 'build.log').text
def p = /0\.\d{3}/

// 1: trained once, the zip attached.
assert log.count('Training 3 epochs') == 1 : 'trained once'
assert new File(basedir, 'target/predict-1.0-model.zip').isFile() : 'the model zip'

// 2 and 4: one text, from target/finetune/model and from the zip, with the same answer.
def textLine = ~/(?m)^\[INFO\] "the room was excellent\." -> positive \(($p)\) \| negative ($p), positive ($p)$/
def answers = log.findAll(textLine)
assert answers.size() == 2 : "one line per text prediction: ${answers}"
assert answers[0] == answers[1] : 'the zip predicts as the directory'
def m = answers[0] =~ textLine
assert m.find()
assert Math.abs(Double.parseDouble(m.group(2)) + Double.parseDouble(m.group(3)) - 1) < 0.0015 : 'probabilities sum to 1'
assert m.group(1) == m.group(3) : 'the predicted label is the most probable'
assert log.contains('Model target/predict-1.0-model.zip: labels negative, positive, maxLength 32') : 'the zip was used'
assert log.contains('Unpacked the model predict-1.0-model.zip') : 'the zip was unpacked'

// 3: the rows of reviews.csv, a summary, and the CSV.
def rows = log.findAll(~/(?m)^\[INFO\] row (\d+): (negative|positive) \($p\) \| negative $p, positive $p \| "(.*)"$/)
assert rows.size() == 8 : "one line per row: ${rows}"
assert rows[0].contains('row 1: ') && rows[0].endsWith('"what a wonderful hotel!"')
assert rows.any { it.endsWith('"she said "lovely" and meant it"') } : 'quoted cells read back'
def longRow = rows.find { it.contains('row 7: ') }
assert longRow.endsWith('..."') && longRow.substring(longRow.lastIndexOf('| "') + 3).length() <= 81 : "long text shortened: ${longRow}"
assert log =~ /(?m)^\[INFO\] 8 rows: negative \d \(\d+\.\d%\), positive \d \(\d+\.\d%\)$/ : 'a summary per label'
def csvFile = new File(basedir, 'target/predictions.csv')
assert log.contains("Predictions written to ${csvFile.canonicalPath}") || log.contains('Predictions written to ') : 'says where'
def lines = csvFile.readLines()
assert lines[0] == 'text,predicted_label,probability_negative,probability_positive' : lines[0]
assert lines.size() == 9 : "a header and 8 rows: ${lines.size()}"
assert lines[1] ==~ /what a wonderful hotel!,(negative|positive),0\.\d{6},0\.\d{6}/ : lines[1]
assert lines[3].startsWith('"honestly, the film is poor and horrible",') : 'commas quoted'
assert lines[6].startsWith('"she said ""lovely"" and meant it",') : 'quotes doubled'
lines.drop(1).each { line ->
    def cells = line.split(',')
    def probs = cells[-2..-1].collect { Double.parseDouble(it) }
    assert Math.abs(probs.sum() - 1) < 1e-5 : "probabilities sum to 1: ${line}"
    assert cells[-3] == (probs[1] > probs[0] ? 'positive' : 'negative') : "label is the most probable: ${line}"
}

// 5: nothing to classify.
assert log.contains('Invalid text = (not set): finetune:predict needs a text or an input file') : 'names the parameter'
assert log.contains('Fix: run mvn finetune:predict -Dfinetune.text="a sentence"') : 'and the fix'
assert !log.contains('finetune:predict failed:') : 'a user error, not a crash'
return true
