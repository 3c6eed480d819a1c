def log = new File(basedir, 'build.log').text
assert log.contains('Invalid model = dev.stellar.it:no-such-model:9.9:jar: the artifact could not be resolved (Maven runs offline and it is not in the local repository)') : 'names the coordinates and why'
assert log.contains('Fix: run once without -o so Maven can download it') : 'says how to fix it'
return true
