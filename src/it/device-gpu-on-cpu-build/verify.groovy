def log = new File(basedir, 'build.log').text
assert log.contains('Invalid device = gpu:0: the engine runs a libtorch without CUDA (') : 'names the parameter, the value and why'
assert log.contains('the plugin\'s own libtorch is the CPU build') : 'says which libtorch ran'
assert log.contains('Fix: install libtorch 2.7.1 for CUDA 12.8') : 'says what to install'
assert log.contains('-Dfinetune.libtorch') && log.contains('-Dfinetune.engineDownload=true') : 'says where to point the plugin'
assert !new File(basedir, 'target/finetune/data').exists() : 'nothing was prepared'
assert !log.contains('\tat ') : 'no stack trace'
return true
