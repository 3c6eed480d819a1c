def log = new File(basedir, 'build.log').text
assert log.contains('Problem type regression (inferred from the labels of rating') : 'the problem type is inferred and logged'
def config = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/finetune/model/config.json'))
assert config.problem_type == 'regression' : 'config.json records transformers\' problem_type'
assert config.id2label == ['0': 'rating'] : 'one output, named after the label column'
def evaluation = new groovy.json.JsonSlurper().parse(new File(basedir, 'target/finetune/evaluation.json'))
def test = evaluation.test.regression
// Chance: Pearson 0; the training mean's MSE is the variance, about 2.
assert test.pearson > 0.8 && test.mse < 0.6 : "far above chance: ${test}"
assert evaluation.gate.passed : 'the gates on pearson and mse hold'
assert (log =~ /Test: MSE 0\.\d{4}, MAE 0\.\d{4}, R² 0\.\d{3}, Pearson 0\.\d{3}, Spearman 0\.\d{3}/).find() : 'evaluate logs the regression figures'
// One praising clause of two: 1 + 4 x 1/2 = 3.
def predicted = log =~ /"the film was great, but the food was awful" -> (\d\.\d{4})/
assert predicted.find() : 'predict prints the value'
def value = predicted.group(1) as double
assert value > 2 && value < 4 : "about 3: ${value}"
def card = new File(basedir, 'target/finetune/model/README.md').text
assert card.contains('| Split | Rows | MSE | MAE | R² | Pearson | Spearman |') : 'the card shows the regression figures'
def report = new File(basedir, "target/finetune/report.html").text
assert report.contains("<th>Pearson</th>") && report.contains("<th>Spearman</th>") : "the report shows the regression figures"
return true
