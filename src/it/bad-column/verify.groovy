def log = new File(basedir, 'build.log').text
assert log.contains("Invalid textColumns = review: the file ") : 'the message names the parameter and the value'
assert log.contains("has no column 'review' (its columns: 'text', 'label')") : 'the message lists the columns that exist'
assert log.contains('Fix: set <textColumns> to the text column(s) of the data') : 'the message says how to fix it'
assert !log.contains('\tat ') : 'no stack trace'
return true
