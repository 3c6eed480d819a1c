import dev.stellar.finetune.engine.LibtorchArtifact

def log = new File(basedir, 'build.log').text
// The jar Maven's repository system put into the ITs' local repository: the plugin declares none.
def expected = LibtorchArtifact.forThisPlatform().fileName()
def inLocalRepo = { String path -> path.replace('\\', '/').contains('/local-repo/ai/djl/pytorch/pytorch-native-cpu/') }

// 1: the worker's classpath holds exactly one libtorch jar, this platform's, resolved into the local repository.
def starts = log.readLines().findAll { it.startsWith('[DEBUG] Starting the worker: ') }
assert starts.size() == 1 : "one worker: ${starts.size()}"
def command = starts[0].substring('[DEBUG] Starting the worker: '.length()).split(' ') as List
def classpath = command[command.indexOf('-cp') + 1].split(File.pathSeparator) as List
def natives = classpath.findAll { new File(it).name.startsWith('pytorch-native-') }
assert natives.size() == 1 : "exactly one native jar on the worker's classpath: ${natives}"
assert new File(natives[0]).name == expected : "this platform's: ${natives[0]}, expected ${expected}"
assert inLocalRepo(natives[0]) : "resolved through Maven: ${natives[0]}"
assert classpath.size() > 10 : "the plugin's own classpath comes first: ${classpath.size()} entries"

// 2: in-process, the same jar through a class loader, and the engine started (prepare-data encoded the splits).
def inProcess = log.readLines().findAll { it.startsWith('[DEBUG] In-process job; libtorch from ') }
assert inProcess.size() == 1 : "one in-process job: ${inProcess}"
def jar = inProcess[0].substring('[DEBUG] In-process job; libtorch from '.length())
assert new File(jar).name == expected && inLocalRepo(jar) : jar
assert !log.contains('The PyTorch engine did not start') : 'the engine started both times'
return true
