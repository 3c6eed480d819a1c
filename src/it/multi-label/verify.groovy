def log = new File(basedir, 'build.log').text
assert log.contains('Problem type multi-label (inferred from the labels of labels') : 'the problem type is inferred and logged'
def config = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/finetune/model/config.json'))
assert config.problem_type == 'multi_label_classification' : 'config.json records transformers\' problem_type'
assert config.finetune.threshold == 0.5 : 'and the threshold'
assert config.id2label == ['0': 'film', '1': 'food', '2': 'music', '3': 'service']
def evaluation = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/finetune/evaluation.json'))
def test = evaluation.test.multiLabel
assert test.microF1 > 0.8 && test.hammingLoss < 0.2 : "far above chance (every label: micro F1 ~0.67): ${test}"
assert evaluation.gate.passed : 'the gates on micro-f1 and hamming-loss hold'
assert (log =~ /Test: micro-F1 0\.\d{3}, macro-F1 0\.\d{3}, subset accuracy/).find() : 'evaluate logs the multi-label figures'
def predictions = new File(basedir, 'target/predictions.csv').readLines()
assert predictions[0] == 'text,predicted_labels,probability_film,probability_food,probability_music,probability_service'
assert predictions.size() == 3
assert predictions[1].startsWith('the film was great,film,') : "the film row: ${predictions[1]}"
def card = new File(basedir, 'target/finetune/model/README.md').text
assert card.contains('| Split | Rows | Micro F1 | Macro F1 | Subset accuracy | Hamming loss | Loss |') : 'the card shows the multi-label figures'
assert card.contains('a sigmoid of each gives the probability of its label') : 'and how to read the outputs'
def report = new File(basedir, "target/finetune/report.html").text
assert report.contains("<th>Micro F1</th>") && report.contains("<th>Hamming loss</th>") : "the report shows the multi-label figures"
return true
